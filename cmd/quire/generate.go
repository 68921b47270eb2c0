package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/quirehq/quire/client"
)

// generateCmd makes a PDF from a template of a remote server.
func generateCmd() *cobra.Command {
	var r remote
	var dataFile, out string
	cmd := &cobra.Command{
		Use:   "generate TEMPLATE -d data.json -o out.pdf",
		Short: "Make a PDF from an HTML template (id or name) of a Quire server (QUIRE_URL, QUIRE_API_KEY)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var data map[string]any
			if dataFile != "" {
				raw, err := readInput(cmd, dataFile)
				if err != nil {
					return err
				}
				if err := json.Unmarshal(raw, &data); err != nil {
					return fmt.Errorf("%s: the data must be a JSON object: %w", dataFile, err)
				}
			}
			c, id, err := r.template(cmd, args[0])
			if err != nil {
				return err
			}
			in := client.GenerateInputBody{TemplateId: &id, Data: &data}
			doc, err := c.Generate(cmd.Context(), in)
			if err != nil {
				return r.failed(cmd, err)
			}
			pdf, err := c.Fetch(cmd.Context(), doc.DownloadUrl)
			if err != nil {
				return r.failed(cmd, err)
			}
			if out == "" {
				out = doc.Filename
			}
			if err := os.WriteFile(out, pdf, 0o644); err != nil {
				return err
			}
			return r.print(cmd.OutOrStdout(), struct {
				*client.Result
				File string `json:"file"`
			}{doc, out}, func(w io.Writer) error {
				pages := "? pages"
				if doc.Pages != nil && *doc.Pages == 1 {
					pages = "1 page"
				} else if doc.Pages != nil {
					pages = fmt.Sprintf("%d pages", *doc.Pages)
				}
				_, err := fmt.Fprintf(w, "wrote %s (%s, %d bytes), document %s\n", out, pages, len(pdf), doc.Id)
				return err
			})
		},
	}
	r.bind(cmd)
	cmd.Flags().StringVarP(&dataFile, "data", "d", "", "JSON file of the template's data (- for stdin)")
	cmd.Flags().StringVarP(&out, "output", "o", "", "PDF file to write (default the document's filename)")
	return cmd
}

// readInput reads a file, or stdin for "-".
func readInput(cmd *cobra.Command, path string) ([]byte, error) {
	if path == "-" {
		return io.ReadAll(cmd.InOrStdin())
	}
	return os.ReadFile(path)
}
