package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/quirehq/quire/client"
)

// templatesCmd manages the templates of a remote server.
func templatesCmd() *cobra.Command {
	var r remote
	cmd := &cobra.Command{Use: "templates", Short: "List, push and pull the templates of a Quire server (QUIRE_URL, QUIRE_API_KEY)"}
	r.bind(cmd)

	list := &cobra.Command{
		Use:   "list",
		Short: "List the templates",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := r.client()
			if err != nil {
				return err
			}
			ts, err := c.Templates(cmd.Context())
			if err != nil {
				return r.failed(cmd, err)
			}
			return r.print(cmd.OutOrStdout(), ts, func(w io.Writer) error {
				tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tTYPE\tFIELDS\tUPDATED\tNAME")
				for _, t := range ts {
					fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", t.Id, t.Type, t.FieldsCount, t.UpdatedAt.Format("2006-01-02 15:04"), t.Name)
				}
				return tw.Flush()
			})
		},
	}

	var name, id string
	push := &cobra.Command{
		Use:   "push FILE",
		Short: "Upload a template file (HTML, PDF form or DOCX), or with --id replace an HTML template's source",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := r.client()
			if err != nil {
				return err
			}
			var t *client.Template
			if id != "" {
				src, err := os.ReadFile(args[0])
				if err != nil {
					return err
				}
				t, err = c.ReplaceTemplateContent(cmd.Context(), id, string(src))
				if err != nil {
					return r.failed(cmd, err)
				}
			} else {
				f, err := os.Open(args[0])
				if err != nil {
					return err
				}
				defer f.Close()
				t, err = c.UploadTemplate(cmd.Context(), filepath.Base(args[0]), f, name)
				if err != nil {
					return r.failed(cmd, err)
				}
			}
			return r.print(cmd.OutOrStdout(), t, func(w io.Writer) error {
				fields := 0
				if t.Fields != nil {
					fields = len(*t.Fields)
				}
				_, err := fmt.Fprintf(w, "%s  %s template %q, %d fields\n", t.Id, t.Type, t.Name, fields)
				return err
			})
		},
	}
	push.Flags().StringVar(&name, "name", "", "the new template's name (default the file name)")
	push.Flags().StringVar(&id, "id", "", "replace the source of this HTML template instead of creating one")

	var out string
	pull := &cobra.Command{
		Use:   "pull TEMPLATE",
		Short: "Print an HTML template's source (id or name), or write it to -o",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, id, err := r.template(cmd, args[0])
			if err != nil {
				return err
			}
			src, err := c.TemplateContent(cmd.Context(), id)
			if err != nil {
				return r.failed(cmd, err)
			}
			if out == "" || out == "-" {
				if r.json {
					return r.print(cmd.OutOrStdout(), client.ContentBody{Content: src}, nil)
				}
				_, err := io.WriteString(cmd.OutOrStdout(), src)
				return err
			}
			if err := os.WriteFile(out, []byte(src), 0o644); err != nil {
				return err
			}
			return r.print(cmd.OutOrStdout(), map[string]any{"id": id, "file": out, "bytes": len(src)}, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "wrote %s (%d bytes) from %s\n", out, len(src), id)
				return err
			})
		},
	}
	pull.Flags().StringVarP(&out, "output", "o", "", "file to write (default stdout)")

	cmd.AddCommand(list, push, pull)
	return cmd
}
