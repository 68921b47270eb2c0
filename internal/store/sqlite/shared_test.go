package sqlite

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/quirehq/quire/internal/store"
)

// TestTwoOpensShareTheFile plays the server and the `quire keys create`
// CLI: two independent Opens of one file. While one holds a write
// transaction the other still reads (WAL, without seeing uncommitted rows)
// and its write waits for the lock instead of failing.
func TestTwoOpensShareTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "quire.db")
	server, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	cli, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()

	existing := &store.Account{Email: "existing@example.com"}
	if err := server.CreateAccount(t.Context(), existing); err != nil {
		t.Fatal(err)
	}

	inServerTx := &store.Account{Email: "server@example.com"}
	fromCLI := &store.Account{Email: "cli@example.com"}
	var cliWrite sync.WaitGroup
	var cliErr error
	err = server.InTx(t.Context(), func(tx store.Store) error {
		if err := tx.CreateAccount(t.Context(), inServerTx); err != nil {
			return err
		}
		if _, err := cli.Account(t.Context(), existing.ID); err != nil {
			return fmt.Errorf("CLI read during the server's write transaction: %w", err)
		}
		if _, err := cli.Account(t.Context(), inServerTx.ID); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("CLI saw an uncommitted row (err = %v)", err)
		}
		started := make(chan struct{})
		cliWrite.Add(1)
		go func() {
			defer cliWrite.Done()
			close(started)
			cliErr = cli.CreateAccount(t.Context(), fromCLI) // waits for the server's commit
		}()
		<-started
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	cliWrite.Wait()
	if cliErr != nil {
		t.Fatalf("CLI write while the server held the lock: %v", cliErr)
	}
	if _, err := cli.Account(t.Context(), inServerTx.ID); err != nil {
		t.Errorf("CLI does not see the server's committed row: %v", err)
	}
	if _, err := server.AccountByEmail(t.Context(), fromCLI.Email); err != nil {
		t.Errorf("server does not see the CLI's row: %v", err)
	}
}

const helperDBEnv = "QUIRE_SQLITE_TEST_HELPER_DB"

// TestOtherProcessWrites runs a second OS process (this test binary,
// re-executed as TestHelperProcessWritesAccounts) writing to the file while
// this process writes to it too. Neither may see an error or lose a row.
func TestOtherProcessWrites(t *testing.T) {
	const rows = 40
	path := filepath.Join(t.TempDir(), "quire.db")
	server, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	owner := &store.Account{Email: "owner@example.com"}
	if err := server.CreateAccount(t.Context(), owner); err != nil {
		t.Fatal(err)
	}

	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestHelperProcessWritesAccounts$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperDBEnv+"="+path, fmt.Sprintf("QUIRE_SQLITE_TEST_HELPER_ROWS=%d", rows))
	var out []byte
	var cmdErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		out, cmdErr = cmd.CombinedOutput()
	}()
	for i := range rows {
		err := server.InTx(t.Context(), func(tx store.Store) error {
			return tx.CreateDocument(t.Context(), &store.Document{AccountID: owner.ID, Status: "pending", Filename: fmt.Sprint(i)})
		})
		if err != nil {
			t.Errorf("server write %d: %v", i, err)
		}
	}
	<-done
	if cmdErr != nil {
		t.Fatalf("helper process: %v\n%s", cmdErr, out)
	}
	for i := range rows {
		if _, err := server.AccountByEmail(t.Context(), fmt.Sprintf("cli-%d@example.com", i)); err != nil {
			t.Errorf("account %d written by the other process: %v", i, err)
		}
	}
	if _, total, err := server.Documents(t.Context(), store.DocumentFilter{AccountID: owner.ID}); err != nil || total != rows {
		t.Errorf("server documents = %d, %v; want %d", total, err, rows)
	}
}

// TestHelperProcessWritesAccounts is the other process of
// TestOtherProcessWrites; run directly it does nothing.
func TestHelperProcessWritesAccounts(t *testing.T) {
	path := os.Getenv(helperDBEnv)
	if path == "" {
		t.Skip("helper process for TestOtherProcessWrites")
	}
	var rows int
	if _, err := fmt.Sscan(os.Getenv("QUIRE_SQLITE_TEST_HELPER_ROWS"), &rows); err != nil {
		t.Fatal(err)
	}
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range rows {
		if err := s.CreateAccount(t.Context(), &store.Account{Email: fmt.Sprintf("cli-%d@example.com", i)}); err != nil {
			t.Fatalf("account %d: %v", i, err)
		}
	}
}
