package errs

// Codes of people, keys and projects.
const (
	EmailTaken              = "EMAIL_TAKEN"              // 409: an account or user has this email
	InsufficientPermissions = "INSUFFICIENT_PERMISSIONS" // 403: the API key lacks the operation's permission, or it is for people only
	SandboxKeyForbidden     = "SANDBOX_KEY_FORBIDDEN"    // 403: test (sandbox) keys may not call the operation
	KeyLimitReached         = "KEY_LIMIT_REACHED"        // 409: the account has its maximum of active keys
	ProjectNotFound         = "PROJECT_NOT_FOUND"        // 404
	ProjectNotEmpty         = "PROJECT_NOT_EMPTY"        // 409: it still holds templates or documents
	DefaultProject          = "DEFAULT_PROJECT"          // 409: the default project cannot be deleted
)
