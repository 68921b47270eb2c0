package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/quirehq/quire/client"
)

// batchCmd makes many documents from one template of a remote server:
// it starts a batch of the items file, follows it and downloads the result.
func batchCmd() *cobra.Command {
	var r remote
	var in client.BatchSpec
	var outDir, resume string
	var skipInvalid bool
	var poll, every time.Duration
	cmd := &cobra.Command{
		Use:   "batch TEMPLATE ITEMS -o DIR | batch --resume BATCH_ID -o DIR",
		Short: "Make a document per item of a JSON, JSONL or CSV file with a template of a Quire server, and download them",
		Long: "Starts a batch on the server (QUIRE_URL, QUIRE_API_KEY) with the items of ITEMS (.json array, .jsonl/.ndjson " +
			"one object a line, .csv with a header row), shows its progress and downloads the result into DIR: one file per " +
			"item (--output documents), or the one merged PDF or ZIP. Ctrl-C cancels the batch. A run that was killed is " +
			"continued with --resume BATCH_ID: it waits for the batch and downloads only the files not in DIR yet.",
		Args: func(cmd *cobra.Command, args []string) error {
			if resume != "" {
				return cobra.NoArgs(cmd, args)
			}
			return cobra.ExactArgs(2)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if outDir == "" {
				return errors.New("-o DIR is required: the folder to download into")
			}
			if err := os.MkdirAll(outDir, 0o755); err != nil {
				return err
			}
			var c *client.Client
			var b *client.BatchInfo
			var err error
			if resume != "" {
				if c, err = r.client(); err != nil {
					return err
				}
				if b, err = c.Batch(cmd.Context(), resume); err != nil {
					return r.failed(cmd, err)
				}
			} else {
				if c, in.TemplateID, err = r.template(cmd, args[0]); err != nil {
					return err
				}
				if skipInvalid {
					in.Options = map[string]any{"skip_invalid": true}
				}
				if b, err = startBatch(cmd.Context(), c, in, args[1]); err != nil {
					return r.failed(cmd, err)
				}
			}
			c.PollInterval = poll
			fmt.Fprintf(cmd.ErrOrStderr(), "batch %s: %d items, output %s (to continue after an interruption: quire batch --resume %s -o %s)\n",
				b.ID, b.Total, b.Output, b.ID, outDir)
			run := batchRun{r: &r, c: c, cmd: cmd, dir: outDir, every: every}
			return run.follow(b)
		},
	}
	r.bind(cmd)
	f := cmd.Flags()
	f.StringVarP(&outDir, "out", "o", "", "folder to download the documents (or the merged PDF / ZIP) into")
	f.StringVar(&in.Output, "output", "documents", "documents (a file per item), merged (one PDF) or zip (one ZIP)")
	f.StringVar(&in.Filename, "filename", "", `file name pattern of each item's document, e.g. "invoice-{{number}}.pdf" (default: the template's name and the item's index)`)
	f.StringVar(&in.FilenameField, "filename-field", "", "take each item's file name from this field of the item")
	f.BoolVar(&skipInvalid, "skip-invalid", false, "make the valid items and record the invalid ones as failed (default: an invalid item refuses the whole batch)")
	f.StringVar(&resume, "resume", "", "continue the batch of this id: wait for it and download what is not in the folder yet")
	f.DurationVar(&poll, "poll", 500*time.Millisecond, "how often to ask the server for the batch's progress")
	f.DurationVar(&every, "progress-every", 5*time.Second, "when the error output is not a terminal: a progress line this often")
	return cmd
}

// startBatch uploads the items file and starts the batch.
func startBatch(ctx context.Context, c *client.Client, in client.BatchSpec, items string) (*client.BatchInfo, error) {
	f, err := os.Open(items)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return c.CreateBatchFromFile(ctx, in, filepath.Base(items), f)
}

// batchRun follows one batch to its end and downloads its files.
type batchRun struct {
	r     *remote
	c     *client.Client
	cmd   *cobra.Command
	dir   string
	every time.Duration
}

// follow waits for the batch with progress output (SIGINT cancels it),
// downloads what it made and reports.
func (run batchRun) follow(b *client.BatchInfo) error {
	parent := run.cmd.Context()
	ctx, stop := signal.NotifyContext(parent, os.Interrupt)
	defer stop()
	stderr := run.cmd.ErrOrStderr()
	meter := newProgressMeter(stderr, run.every)
	id := b.ID
	b, err := run.c.WaitBatch(ctx, id, func(b *client.BatchInfo) { meter.update(b.Done(), b.Total, b.Finished()) })
	meter.endLine()
	if ctx.Err() != nil && parent.Err() == nil {
		return run.cancel(id)
	}
	var apiErr *client.Error
	switch {
	case err == nil:
	case b != nil && b.Status == "canceled" && errors.As(err, &apiErr):
		// canceled elsewhere: download what was made, then say so.
	default:
		return run.r.failed(run.cmd, err)
	}
	files, err := run.download(ctx, b)
	if ctx.Err() != nil && parent.Err() == nil {
		return fmt.Errorf("interrupted while downloading: the batch %s is finished; quire batch --resume %s -o %s downloads the rest", b.ID, b.ID, run.dir)
	}
	if err != nil {
		return run.r.failed(run.cmd, err)
	}
	printFailures(stderr, b)
	if perr := run.r.print(run.cmd.OutOrStdout(), batchReport{Batch: b, Dir: run.dir, Files: files}, func(w io.Writer) error {
		return writeBatchSummary(w, b, run.dir, files)
	}); perr != nil {
		return perr
	}
	if b.Status != "completed" {
		return fmt.Errorf("batch %s %s: %d of %d documents made", b.ID, b.Status, b.Completed, b.Total)
	}
	return nil
}

// cancel cancels the batch after a Ctrl-C and says what was made.
func (run batchRun) cancel(id string) error {
	ctx, done := context.WithTimeout(context.WithoutCancel(run.cmd.Context()), 30*time.Second)
	defer done()
	b, err := run.c.CancelBatch(ctx, id)
	if err != nil {
		return fmt.Errorf("interrupted; canceling the batch %s failed: %w", id, run.r.failed(run.cmd, err))
	}
	return fmt.Errorf("interrupted: batch %s canceled, %d of %d documents made (on the server; quire batch --resume %s -o %s downloads them)",
		b.ID, b.Completed, b.Total, b.ID, run.dir)
}

// batchReport is the --json answer: the batch and the files downloaded.
type batchReport struct {
	Batch *client.BatchInfo `json:"batch"`
	Dir   string            `json:"dir"`
	Files []batchFile       `json:"files"`
}

// writeBatchSummary is the human answer.
func writeBatchSummary(w io.Writer, b *client.BatchInfo, dir string, files []batchFile) error {
	written, kept := 0, 0
	for _, f := range files {
		if f.Existed {
			kept++
		} else {
			written++
		}
	}
	_, err := fmt.Fprintf(w, "batch %s %s: %d of %d documents made, %d failed, %d canceled\n%s: %d files written, %d already there\n",
		b.ID, b.Status, b.Completed, b.Total, b.Failed, b.Canceled, dir, written, kept)
	return err
}

// printFailures lists the first failed items with their errors.
func printFailures(w io.Writer, b *client.BatchInfo) {
	const shown = 10
	for i, e := range b.Errors {
		if i == shown {
			fmt.Fprintf(w, "… %d more failed items\n", b.Failed-shown)
			break
		}
		fmt.Fprintf(w, "items[%d] failed: %s: %s\n", e.Index, e.Error.Code, e.Error.Message)
	}
}
