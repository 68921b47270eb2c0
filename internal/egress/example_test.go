package egress_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/quirehq/quire/internal/egress"
)

func Example() {
	policy, err := egress.ParsePolicy("hooks.internal,10.1.0.0/16") // QUIRE_EGRESS_ALLOW
	if err != nil {
		panic(err)
	}
	for _, raw := range []string{"HTTP://0x7f.0.0.1/hook", "http://10.2.0.9/hook", "http://10.1.0.9/hook"} {
		u, err := policy.CheckURL(context.Background(), raw)
		var refused *egress.Error
		if errors.As(err, &refused) {
			fmt.Printf("%s: %s\n", raw, refused.Message)
			continue
		}
		fmt.Printf("%s: ok as %s\n", raw, u)
	}
	// Deliveries go through the policy's client, which checks every connection.
	_ = policy.Client(10 * time.Second)
	// Output:
	// HTTP://0x7f.0.0.1/hook: resolves to a loopback address 127.0.0.1
	// http://10.2.0.9/hook: resolves to a private address 10.2.0.9
	// http://10.1.0.9/hook: ok as http://10.1.0.9/hook
}
