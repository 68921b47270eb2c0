package webhooks

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Signature headers of a delivery. Every delivery carries both schemes:
//
//   - X-Quire-Signature (Service.SignatureHeader, QUIRE_WEBHOOK_SIGNATURE_HEADER):
//     sha256=<hex HMAC-SHA256 of the raw body>, keyed with the whole secret
//     string as shown at creation ("whsec_…"), as in the reference API's
//     X-…-Signature header;
//   - the Standard Webhooks headers (webhook-id, webhook-timestamp,
//     webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">,
//     keyed with the base64-decoded part of the secret), which the official
//     Standard Webhooks libraries verify given the same secret.
const (
	HeaderSignature          = "X-Quire-Signature"
	HeaderWebhookID          = "webhook-id"
	HeaderWebhookTimestamp   = "webhook-timestamp"
	HeaderWebhookSignature   = "webhook-signature"
	secretPrefix             = "whsec_"
	secretBytes              = 32
	signatureSchemePrefixHex = "sha256="
)

// newSecret returns "whsec_" and 32 random bytes in standard base64, the
// format the Standard Webhooks libraries accept.
func newSecret() string {
	b := make([]byte, secretBytes)
	if _, err := rand.Read(b); err != nil {
		panic("webhooks: crypto/rand failed: " + err.Error())
	}
	return secretPrefix + base64.StdEncoding.EncodeToString(b)
}

// QuireSignature is the X-Quire-Signature value of body under secret.
func QuireSignature(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return signatureSchemePrefixHex + hex.EncodeToString(mac.Sum(nil))
}

// standardSignature is the webhook-signature value of a message.
func standardSignature(secret, msgID string, at time.Time, body []byte) (string, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, secretPrefix))
	if err != nil {
		return "", fmt.Errorf("webhooks: malformed endpoint secret: %w", err)
	}
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "%s.%d.", msgID, at.Unix())
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil)), nil
}

// sign sets both signature schemes' headers on h for body sent at time at,
// the sha256=<hex> one under the name header.
func sign(h http.Header, header, secret, msgID string, at time.Time, body []byte) error {
	std, err := standardSignature(secret, msgID, at, body)
	if err != nil {
		return err
	}
	h.Set(header, QuireSignature(secret, body))
	h.Set(HeaderWebhookID, msgID)
	h.Set(HeaderWebhookTimestamp, strconv.FormatInt(at.Unix(), 10))
	h.Set(HeaderWebhookSignature, std)
	return nil
}
