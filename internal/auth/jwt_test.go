package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestTokensRefuseWhatTheyShould(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	tk := &Tokens{Secret: []byte("0123456789abcdef0123456789abcdef"), AccessTTL: time.Minute, RefreshTTL: time.Hour,
		Now: func() time.Time { return now }}
	access, err := tk.Issue(TokenAccess, "usr_1", "acc_1", "")
	if err != nil {
		t.Fatal(err)
	}
	if !LooksLikeJWT(access.Token) || LooksLikeJWT("qk_live_abc") {
		t.Fatal("LooksLikeJWT cannot tell a JWT from a key")
	}
	c, err := tk.Parse(access.Token, TokenAccess)
	if err != nil || c.Subject != "usr_1" || c.AccountID != "acc_1" {
		t.Fatalf("Parse(access) = %+v, %v", c, err)
	}
	if _, err := tk.Parse(access.Token, TokenRefresh); err == nil {
		t.Error("an access token was taken for a refresh token")
	}
	other := &Tokens{Secret: []byte("another secret of enough length!"), AccessTTL: time.Minute, Now: tk.Now}
	if _, err := other.Parse(access.Token, TokenAccess); err == nil {
		t.Error("a token signed with another secret was accepted")
	}
	parts := strings.Split(access.Token, ".")
	if _, err := tk.Parse(parts[0]+"."+parts[1]+"x."+parts[2], TokenAccess); err == nil {
		t.Error("a tampered token was accepted")
	}
	// alg "none" and HS512 are refused whatever the signature.
	none, _ := jwt.NewWithClaims(jwt.SigningMethodNone, access.Claims).SignedString(jwt.UnsafeAllowNoneSignatureType)
	hs512, _ := jwt.NewWithClaims(jwt.SigningMethodHS512, access.Claims).SignedString(tk.Secret)
	for name, raw := range map[string]string{"none": none, "HS512": hs512} {
		if _, err := tk.Parse(raw, TokenAccess); err == nil {
			t.Errorf("alg %s accepted", name)
		}
	}
	now = now.Add(2 * time.Minute)
	if _, err := tk.Parse(access.Token, TokenAccess); err == nil || !strings.Contains(err.Error(), "expired") {
		t.Errorf("expired token: err = %v, want one saying expired", err)
	}
}
