package apikeys

import (
	"context"
)

// checkProjects keeps a key's project list as given (nil = all projects).
func (s *Service) checkProjects(_ context.Context, _ string, projects []string) ([]string, error) {
	return projects, nil
}
