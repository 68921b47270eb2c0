package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/quirehq/quire/client"
)

// batchFile is a file of a batch in the download folder.
type batchFile struct {
	Index      int    `json:"index"` // -1: the batch's one merged PDF or ZIP
	DocumentID string `json:"document_id"`
	File       string `json:"file"`
	Existed    bool   `json:"existed"` // there already (an earlier run): not downloaded again
}

// downloads is how many files are fetched at once.
const downloads = 4

// partPrefix starts the temporary names files are downloaded under before
// being renamed: a file of its final name is always complete.
const partPrefix = ".quire-"

// download fetches the batch's files into the folder, skipping those there:
// every made item's document, or the one merged PDF or ZIP.
func (run batchRun) download(ctx context.Context, b *client.Batch) ([]batchFile, error) {
	if err := removeParts(run.dir); err != nil {
		return nil, err
	}
	var files []batchFile
	var urls []string
	if b.Output == client.BatchOutputDocuments {
		items, err := run.c.AllBatchItems(ctx, b.Id, client.BatchItemViewStatusCompleted)
		if err != nil {
			return nil, err
		}
		for i, name := range itemFileNames(items) {
			files = append(files, batchFile{Index: int(items[i].Index), DocumentID: deref(items[i].DocumentId), File: filepath.Join(run.dir, name)})
			urls = append(urls, deref(items[i].DownloadUrl))
		}
	} else if b.Result != nil && b.Result.DocumentId != "" {
		files = append(files, batchFile{Index: -1, DocumentID: b.Result.DocumentId, File: filepath.Join(run.dir, safeFileName(b.Result.Filename, "batch-"+b.Id+"."+string(b.Output)))})
		urls = append(urls, "") // by id: a fresh link, however long ago the batch ended
	}
	return files, fetchAll(ctx, files, func(ctx context.Context, i int, f *os.File) error {
		var err error
		if urls[i] != "" {
			_, err = run.c.FetchTo(ctx, urls[i], f)
		} else {
			_, err = run.c.DownloadTo(ctx, files[i].DocumentID, f)
		}
		return err
	})
}

// fetchAll fills the files not there yet, downloads at a time, each under a
// temporary name renamed when complete; the first error stops the rest.
func fetchAll(ctx context.Context, files []batchFile, fetch func(context.Context, int, *os.File) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int)
	var wg sync.WaitGroup
	for range downloads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := fetchOne(ctx, files[i].File, func(f *os.File) error { return fetch(ctx, i, f) }); err != nil {
					cancel(err)
				}
			}
		}()
	}
	for i := range files {
		if _, err := os.Stat(files[i].File); err == nil {
			files[i].Existed = true
			continue
		}
		select {
		case next <- i:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	return context.Cause(ctx)
}

// fetchOne writes path through a temporary file in its folder.
func fetchOne(ctx context.Context, path string, fetch func(*os.File) error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	f, err := os.CreateTemp(filepath.Dir(path), partPrefix+filepath.Base(path)+".*.part")
	if err != nil {
		return err
	}
	err = fetch(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("download %s: %w", filepath.Base(path), err)
	}
	return nil
}

// removeParts removes the temporary files an interrupted run left.
func removeParts(dir string) error {
	parts, err := filepath.Glob(filepath.Join(dir, partPrefix+"*.part"))
	if err != nil {
		return err
	}
	for _, p := range parts {
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	return nil
}

// itemFileNames is the file name of each item's document in the folder:
// its filename made safe (no folders), the index added when two items
// would share a name.
func itemFileNames(items []client.BatchItemView) []string {
	names := make([]string, len(items))
	seen := map[string]bool{}
	for i, it := range items {
		name := safeFileName(deref(it.Filename), fmt.Sprintf("item-%d.pdf", it.Index))
		if seen[name] {
			ext := filepath.Ext(name)
			name = fmt.Sprintf("%s-%d%s", strings.TrimSuffix(name, ext), it.Index, ext)
		}
		seen[name] = true
		names[i] = name
	}
	return names
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// safeFileName is name without any folder part, or fallback when nothing
// is left or it would be hidden.
func safeFileName(name, fallback string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == "/" || name == ".." || name == "" || strings.HasPrefix(name, ".") {
		return fallback
	}
	return name
}
