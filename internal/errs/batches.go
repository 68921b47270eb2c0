package errs

// Codes of the batch API (docs/batches.md).
const (
	BatchNotFound = "BATCH_NOT_FOUND" // 404: no such batch in the caller's account
	BatchFinished = "BATCH_FINISHED"  // 409: the batch is completed, failed or canceled already
)
