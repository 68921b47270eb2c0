package apikeys

import (
	"context"
)

// checkProjects makes sure a key is limited only to projects of its own
// account: another account's project id is PROJECT_NOT_FOUND.
func (s *Service) checkProjects(ctx context.Context, accountID string, ids []string) ([]string, error) {
	if s.deps.Projects == nil {
		return ids, nil
	}
	return s.deps.Projects.Owned(ctx, accountID, ids)
}
