package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/quirehq/quire/internal/app"
	"github.com/quirehq/quire/internal/config"
	"github.com/quirehq/quire/internal/documents"
)

func renderCmd(cfg *config.Config) *cobra.Command {
	var dataPath, out string
	var o documents.PrintJob
	var margin string
	cmd := &cobra.Command{
		Use:   "render TEMPLATE.html",
		Short: "Render an HTML/Handlebars template with JSON data to a PDF locally (no server)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			src, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			data := map[string]any{}
			if dataPath != "" {
				raw, err := os.ReadFile(dataPath)
				if err != nil {
					return err
				}
				if err := json.Unmarshal(raw, &data); err != nil {
					return fmt.Errorf("%s: the data must be a JSON object: %w", dataPath, err)
				}
			}
			if margin != "" {
				o.Margin = documents.Margin{Top: margin, Right: margin, Bottom: margin, Left: margin}
			}
			if out == "" {
				out = strings.TrimSuffix(args[0], ".html") + ".pdf"
			}
			local := app.Local{Config: *cfg}
			defer local.Close()
			pdf, pages, err := local.Render(cmd.Context(), string(src), data, o)
			if err != nil {
				return err
			}
			if err := os.WriteFile(out, pdf, 0o644); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s (%d pages, %d bytes)\n", out, pages, len(pdf))
			return nil
		},
	}
	cmd.Flags().StringVarP(&dataPath, "data", "d", "", "JSON file with the template data")
	cmd.Flags().StringVarP(&out, "out", "o", "", "output PDF (default: TEMPLATE.pdf)")
	cmd.Flags().StringVar(&o.Format, "format", "A4", "page size: A4, A3, Letter, Legal")
	cmd.Flags().BoolVar(&o.Landscape, "landscape", false, "landscape orientation")
	cmd.Flags().StringVar(&margin, "margin", "", "margin on all sides, in CSS units (e.g. 20mm)")
	cmd.Flags().StringVar(&o.Header, "header", "", "header HTML")
	cmd.Flags().StringVar(&o.Footer, "footer", "", "footer HTML")
	return cmd
}
