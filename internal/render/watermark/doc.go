// Package watermark stamps a visible text across every page of a document:
// PDFs through pdfcpu, DOCX files through a watermark header like the one
// Word's Design → Watermark inserts. It is a pure engine: bytes in, bytes
// out, no tenant and no database. Quire uses it to mark sandbox documents.
package watermark

// Sandbox is the text stamped on every document made with a test key.
const Sandbox = "SANDBOX — NOT FOR PRODUCTION"
