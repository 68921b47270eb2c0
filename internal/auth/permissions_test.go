package auth

import "testing"

func TestSeesMode(t *testing.T) {
	person := Principal{Kind: KindUser, Mode: ModeLive}
	live := Principal{Kind: KindAPIKey, Mode: ModeLive}
	test := Principal{Kind: KindAPIKey, Mode: ModeTest}
	for _, c := range []struct {
		name string
		p    Principal
		mode string
		want bool
	}{
		{"person, live", person, ModeLive, true},
		{"person, test", person, ModeTest, true},
		{"live key, live", live, ModeLive, true},
		{"live key, test", live, ModeTest, false},
		{"test key, test", test, ModeTest, true},
		{"test key, live", test, ModeLive, false},
	} {
		if got := c.p.SeesMode(c.mode); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestSandboxRuleOfEveryPermission(t *testing.T) {
	want := map[string]SandboxRule{
		PermTemplatesRead: SandboxAllowed, PermTemplatesWrite: SandboxIfAccountAllows,
		PermDocumentsRead: SandboxAllowed, PermDocumentsWrite: SandboxAllowed,
		PermWebhooksRead: SandboxRefused, PermWebhooksWrite: SandboxRefused,
	}
	for _, perm := range AllPermissions {
		rule, ok := want[perm]
		if !ok {
			t.Errorf("%s: say here what test keys may do with it", perm)
			continue
		}
		if got := SandboxRuleOf(perm); got != rule {
			t.Errorf("%s: rule %d, want %d", perm, got, rule)
		}
	}
	if SandboxRuleOf("billing:manage") != SandboxRefused {
		t.Error("an unknown permission must be refused to test keys")
	}
}
