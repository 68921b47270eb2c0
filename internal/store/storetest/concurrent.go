package storetest

import (
	"fmt"
	"sync"
	"testing"

	"github.com/quirehq/quire/internal/store"
)

// testConcurrentWriters has 8 goroutines write 25 documents each, half of
// them through transactions; none may fail and none may be lost.
func testConcurrentWriters(t *testing.T, s store.Store) {
	const writers, perWriter = 8, 25
	acc := newAccount(t, s)
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			for i := range perWriter {
				d := newDocument(acc.ID, base)
				d.TemplateID = fmt.Sprintf("tpl_writer%d", w)
				var err error
				if i%2 == 0 {
					err = s.CreateDocument(ctx(t), d)
				} else {
					err = s.InTx(ctx(t), func(tx store.Store) error {
						if err := tx.CreateDocument(ctx(t), d); err != nil {
							return err
						}
						d.Status = "processing"
						return tx.UpdateDocument(ctx(t), d)
					})
				}
				if err != nil {
					errs <- fmt.Errorf("writer %d, document %d: %w", w, i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	_, total, err := s.Documents(ctx(t), store.DocumentFilter{AccountID: acc.ID, Limit: 1})
	must(t, err, "Documents")
	if total != writers*perWriter {
		t.Errorf("total = %d, want %d", total, writers*perWriter)
	}
	_, processing, err := s.Documents(ctx(t), store.DocumentFilter{AccountID: acc.ID, Status: "processing"})
	must(t, err, "Documents(processing)")
	if processing != writers*(perWriter/2) {
		t.Errorf("processing = %d, want %d", processing, writers*(perWriter/2))
	}
	_, mine, err := s.Documents(ctx(t), store.DocumentFilter{AccountID: acc.ID, TemplateID: "tpl_writer3"})
	must(t, err, "Documents(one writer)")
	if mine != perWriter {
		t.Errorf("writer 3 has %d documents, want %d", mine, perWriter)
	}
}
