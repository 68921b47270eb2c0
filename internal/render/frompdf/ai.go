package frompdf

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

// AI is an optional OpenAI-compatible chat completions endpoint
// (QUIRE_AI_URL) asked to improve the field names, the document type and
// the summary. Whatever it answers is checked; any failure (network,
// timeout, malformed answer) leaves the deterministic result as it was.
type AI struct {
	URL     string // e.g. http://127.0.0.1:8080/v1/chat/completions
	Model   string
	Key     string // bearer token, optional
	Timeout time.Duration
	Client  *http.Client
}

// aiAnswer is the JSON object the model is asked for.
type aiAnswer struct {
	DocumentType     string            `json:"document_type"`
	StructureSummary string            `json:"structure_summary"`
	Renames          map[string]string `json:"renames"`
}

var reFieldName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

const aiPrompt = `You improve a template made from a PDF. Reply with one JSON object only: ` +
	`{"document_type": one of invoice, contract, letter, receipt, certificate, form, report, other; ` +
	`"structure_summary": one sentence; "renames": {"current_field_name": "better_snake_case_name"}} ` +
	`Rename only fields whose name does not say what the value is.`

func (a *AI) improve(ctx context.Context, text string, res *Result) {
	ans, err := a.ask(ctx, text, res)
	if err != nil {
		return
	}
	if slices.Contains(docTypeNames(), ans.DocumentType) {
		res.Analysis.DocumentType = ans.DocumentType
	}
	if s := strings.TrimSpace(ans.StructureSummary); s != "" && len(s) <= 300 && !strings.ContainsAny(s, "\n{}") {
		res.Analysis.StructureSummary = s
	}
	applyRenames(res, ans.Renames)
}

func docTypeNames() []string {
	names := []string{"other"}
	for _, d := range documentTypes {
		names = append(names, d.typ)
	}
	return names
}

func (a *AI) ask(ctx context.Context, text string, res *Result) (*aiAnswer, error) {
	timeout := a.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if len(text) > 6000 {
		text = text[:6000]
	}
	var fields strings.Builder
	for _, f := range res.Analysis.Fields {
		if !strings.Contains(f.Name, "[]") {
			fmt.Fprintf(&fields, "%s (%s) = %v\n", f.Name, f.Type, res.Analysis.SampleData[f.Name])
		}
	}
	user := fmt.Sprintf("Document type guessed: %s\nFields:\n%s\nText of the PDF:\n%s", res.Analysis.DocumentType, fields.String(), text)
	body, _ := json.Marshal(map[string]any{
		"model":       a.Model,
		"temperature": 0,
		"messages": []map[string]string{
			{"role": "system", "content": aiPrompt},
			{"role": "user", "content": user},
		},
		"response_format": map[string]string{"type": "json_object"},
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.URL, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if a.Key != "" {
		req.Header.Set("Authorization", "Bearer "+a.Key)
	}
	client := a.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("AI endpoint answered %s", resp.Status)
	}
	var chat struct {
		Choices []struct {
			Message struct {
				Content string `json:"content"`
			} `json:"message"`
		} `json:"choices"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&chat); err != nil {
		return nil, err
	}
	if len(chat.Choices) == 0 {
		return nil, fmt.Errorf("AI endpoint answered no choice")
	}
	content := strings.TrimSpace(chat.Choices[0].Message.Content)
	// Models sometimes wrap JSON in a code fence.
	content = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(content, "```json"), "```"), "```")
	var ans aiAnswer
	if err := json.Unmarshal([]byte(content), &ans); err != nil {
		return nil, err
	}
	return &ans, nil
}

// applyRenames renames top-level fields in the fields, the sample data and
// the template, skipping names that are invalid or taken.
func applyRenames(res *Result, renames map[string]string) {
	olds := make([]string, 0, len(renames))
	for old := range renames {
		olds = append(olds, old)
	}
	slices.Sort(olds)
	for _, old := range olds {
		name := renames[old]
		if old == name || !reFieldName.MatchString(name) || strings.Contains(old, "[]") {
			continue
		}
		if _, ok := res.Analysis.SampleData[old]; !ok {
			continue
		}
		if _, taken := res.Analysis.SampleData[name]; taken || name == "items" || name == "this" {
			continue
		}
		res.Analysis.SampleData[name] = res.Analysis.SampleData[old]
		delete(res.Analysis.SampleData, old)
		for i := range res.Analysis.Fields {
			if res.Analysis.Fields[i].Name == old {
				res.Analysis.Fields[i].Name = name
			}
		}
		res.HTML = strings.ReplaceAll(res.HTML, "{{"+old+"}}", "{{"+name+"}}")
		res.HTML = strings.ReplaceAll(res.HTML, "{{#if "+old+"}}", "{{#if "+name+"}}")
	}
}
