package batches

import (
	"context"

	"github.com/quirehq/quire/internal/store"
)

// documentsOf reads the documents of items (those that have one) of
// account accountID in one query per store.MaxDocumentIDs items, by id.
func (s *Service) documentsOf(ctx context.Context, accountID string, items []store.BatchItem) (map[string]store.Document, error) {
	var ids []string
	for _, it := range items {
		if it.DocumentID != "" {
			ids = append(ids, it.DocumentID)
		}
	}
	out := make(map[string]store.Document, len(ids))
	for from := 0; from < len(ids); from += store.MaxDocumentIDs {
		page := ids[from:min(from+store.MaxDocumentIDs, len(ids))]
		docs, _, err := s.deps.Store.Documents(ctx, store.DocumentFilter{AccountID: accountID, IDs: page})
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			out[d.ID] = d
		}
	}
	return out, nil
}
