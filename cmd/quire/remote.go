package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/quirehq/quire/client"
)

// remote is how a command reaches a Quire server over its API: --url and
// --api-key, or QUIRE_URL and QUIRE_API_KEY; --json prints answers (and
// API errors, as the error envelope) as JSON for scripts.
type remote struct {
	url, key string
	json     bool
}

func (r *remote) bind(cmd *cobra.Command) {
	f := cmd.PersistentFlags()
	f.StringVar(&r.url, "url", "", "the Quire server's base URL (default $QUIRE_URL)")
	f.StringVar(&r.key, "api-key", "", "the API key to send (default $QUIRE_API_KEY)")
	f.BoolVar(&r.json, "json", false, "print JSON instead of text")
}

// client is the API client of the server the flags or environment name.
func (r *remote) client() (*client.Client, error) {
	url, key := r.url, r.key
	if url == "" {
		url = os.Getenv("QUIRE_URL")
	}
	if key == "" {
		key = os.Getenv("QUIRE_API_KEY")
	}
	if url == "" {
		return nil, errors.New("no server: set QUIRE_URL or --url (e.g. http://127.0.0.1:8080)")
	}
	if key == "" {
		return nil, errors.New("no API key: set QUIRE_API_KEY or --api-key")
	}
	return client.New(url, key)
}

// print writes v as indented JSON with --json, else the text human gives.
func (r *remote) print(w io.Writer, v any, human func(io.Writer) error) error {
	if !r.json {
		return human(w)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// failed turns an API error into the command's error: its code and message
// (and with --json, the error envelope on stdout too).
func (r *remote) failed(cmd *cobra.Command, err error) error {
	var apiErr *client.Error
	if !errors.As(err, &apiErr) {
		return err
	}
	if r.json {
		env := client.ApiError{Error: client.ErrorBody{Code: apiErr.Code, Message: apiErr.Message}}
		if perr := r.print(cmd.OutOrStdout(), env, nil); perr != nil {
			return perr
		}
	}
	return fmt.Errorf("%s: %s (HTTP %d)", apiErr.Code, apiErr.Message, apiErr.Status)
}

// template is the client and the id of the template ref names.
func (r *remote) template(cmd *cobra.Command, ref string) (*client.Client, string, error) {
	c, err := r.client()
	if err != nil {
		return nil, "", err
	}
	id, err := templateID(cmd, c, ref)
	if err != nil {
		return nil, "", r.failed(cmd, err)
	}
	return c, id, nil
}

// templateID is ref as a template id: ids (tpl_…) as they are, anything
// else the name of exactly one template.
func templateID(cmd *cobra.Command, c *client.Client, ref string) (string, error) {
	if strings.HasPrefix(ref, "tpl_") {
		return ref, nil
	}
	list, err := c.Templates(cmd.Context())
	if err != nil {
		return "", err
	}
	var ids []string
	for _, t := range list {
		if t.Name == ref {
			ids = append(ids, t.Id)
		}
	}
	switch len(ids) {
	case 0:
		return "", fmt.Errorf("no template named %q", ref)
	case 1:
		return ids[0], nil
	}
	return "", fmt.Errorf("%d templates are named %q (%s): use an id", len(ids), ref, strings.Join(ids, ", "))
}
