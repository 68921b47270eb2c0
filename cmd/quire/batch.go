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
	var output, filename, filenameField string
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
			var b *client.Batch
			var err error
			if resume != "" {
				if c, err = r.client(); err != nil {
					return err
				}
				if b, err = c.Batch(cmd.Context(), resume); err != nil {
					return r.failed(cmd, err)
				}
			} else {
				in := client.BatchRequest{Filename: optional(filename), FilenameField: optional(filenameField)}
				if output != "" {
					o := client.BatchRequestOutput(output)
					in.Output = &o
				}
				if c, in.TemplateId, err = r.template(cmd, args[0]); err != nil {
					return err
				}
				if skipInvalid {
					in.Options = &client.BatchOptions{SkipInvalid: &skipInvalid}
				}
				if b, err = startBatch(cmd.Context(), c, in, args[1]); err != nil {
					return r.failed(cmd, err)
				}
			}
			c.PollInterval = poll
			fmt.Fprintf(cmd.ErrOrStderr(), "batch %s: %d items, output %s (to continue after an interruption: quire batch --resume %s -o %s)\n",
				b.Id, b.Total, b.Output, b.Id, outDir)
			run := batchRun{r: &r, c: c, cmd: cmd, dir: outDir, every: every}
			return run.follow(b)
		},
	}
	r.bind(cmd)
	f := cmd.Flags()
	f.StringVarP(&outDir, "out", "o", "", "folder to download the documents (or the merged PDF / ZIP) into")
	f.StringVar(&output, "output", "documents", "documents (a file per item), merged (one PDF) or zip (one ZIP)")
	f.StringVar(&filename, "filename", "", `file name pattern of each item's document, e.g. "invoice-{{number}}.pdf" (default: the template's name and the item's index)`)
	f.StringVar(&filenameField, "filename-field", "", "take each item's file name from this field of the item")
	f.BoolVar(&skipInvalid, "skip-invalid", false, "make the valid items and record the invalid ones as failed (default: an invalid item refuses the whole batch)")
	f.StringVar(&resume, "resume", "", "continue the batch of this id: wait for it and download what is not in the folder yet")
	f.DurationVar(&poll, "poll", 500*time.Millisecond, "how often to ask the server for the batch's progress")
	f.DurationVar(&every, "progress-every", 5*time.Second, "when the error output is not a terminal: a progress line this often")
	return cmd
}

// startBatch uploads the items file and starts the batch.
func startBatch(ctx context.Context, c *client.Client, in client.BatchRequest, items string) (*client.Batch, error) {
	f, err := os.Open(items)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return c.CreateBatchFromFile(ctx, in, filepath.Base(items), f)
}

// optional is s, nil for "".
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
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
func (run batchRun) follow(b *client.Batch) error {
	parent := run.cmd.Context()
	ctx, stop := signal.NotifyContext(parent, os.Interrupt)
	defer stop()
	stderr := run.cmd.ErrOrStderr()
	meter := newProgressMeter(stderr, run.every)
	id := b.Id
	b, err := run.c.WaitBatch(ctx, id, func(b *client.Batch) { meter.update(b.Done(), int(b.Total), b.Finished()) })
	meter.endLine()
	if ctx.Err() != nil && parent.Err() == nil {
		return run.cancel(id)
	}
	var apiErr *client.Error
	switch {
	case err == nil:
	case b != nil && b.Status == client.BatchStatusCanceled && errors.As(err, &apiErr):
		// canceled elsewhere: download what was made, then say so.
	default:
		return run.r.failed(run.cmd, err)
	}
	files, err := run.download(ctx, b)
	if ctx.Err() != nil && parent.Err() == nil {
		return fmt.Errorf("interrupted while downloading: the batch %s is finished; quire batch --resume %s -o %s downloads the rest", b.Id, b.Id, run.dir)
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
	if b.Status != client.BatchStatusCompleted {
		return fmt.Errorf("batch %s %s: %d of %d documents made", b.Id, b.Status, b.Completed, b.Total)
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
		b.Id, b.Completed, b.Total, b.Id, run.dir)
}

// batchReport is the --json answer: the batch and the files downloaded.
type batchReport struct {
	Batch *client.Batch `json:"batch"`
	Dir   string        `json:"dir"`
	Files []batchFile   `json:"files"`
}

// writeBatchSummary is the human answer.
func writeBatchSummary(w io.Writer, b *client.Batch, dir string, files []batchFile) error {
	written, kept := 0, 0
	for _, f := range files {
		if f.Existed {
			kept++
		} else {
			written++
		}
	}
	_, err := fmt.Fprintf(w, "batch %s %s: %d of %d documents made, %d failed, %d canceled\n%s: %d files written, %d already there\n",
		b.Id, b.Status, b.Completed, b.Total, b.Failed, b.Canceled, dir, written, kept)
	return err
}

// printFailures lists the first failed items with their errors.
func printFailures(w io.Writer, b *client.Batch) {
	const shown = 10
	if b.Errors == nil {
		return
	}
	for i, e := range *b.Errors {
		if i == shown {
			fmt.Fprintf(w, "… %d more failed items\n", int(b.Failed)-shown)
			break
		}
		fmt.Fprintf(w, "items[%d] failed: %s: %s\n", e.Index, e.Error.Code, e.Error.Message)
	}
}
