// Package pdfform is Quire's engine for AcroForm PDF templates: it lists a
// form's fields (Detect), fills them (Fill) and optionally flattens the
// result so that the values become ordinary page content.
//
// The engine is pure: PDF bytes, values and options in, PDF bytes out. It
// reads and writes PDFs with pdfcpu's object model but draws appearance
// streams, embeds fonts and flattens by itself, because pdfcpu's own form
// filling relies on a global user-font directory and has no flattening.
//
// Decisions a caller should know:
//   - Field names are fully qualified ("parent.child"), exactly as Acrobat
//     and pdfcpu show them; Detect returns the names Fill accepts.
//   - Fields are found from the AcroForm's /Fields and from the widgets on
//     the pages: viewers that re-save a form (macOS Preview) may drop
//     entries of /Fields or the whole AcroForm, and /Fields may list a
//     radio group's widgets instead of the group. Fill lists every field
//     it found in the output's field tree again. A field without a name
//     is called "field1", "field2", … in tree order.
//   - A checkbox takes a boolean, or one of the strings "true", "false",
//     "yes", "no", "on", "off", "1", "0" (any case), or its own export value.
//     nil clears any field.
//   - Radio groups, combo boxes and list boxes take one of their options
//     (export values); an editable combo box also takes free text. A
//     multi-select list box takes a list of options.
//   - Date fields (text fields whose format action calls AFDate_) take the
//     text to show: no JavaScript runs here, so the caller formats dates.
//   - A text longer than the field's /MaxLen is refused rather than cut.
//   - Signature fields are listed but cannot be filled.
//   - Without Flatten the form stays editable: /V is set and every widget
//     of a filled field gets a fresh normal appearance; NeedAppearances is
//     left as the template has it, since no appearance is left stale. XFA
//     data is removed so that XFA-aware viewers show the AcroForm values.
//   - Flatten draws each visible widget's normal appearance (the /AS state
//     of a button) into its page as a form XObject and removes the widgets
//     and the AcroForm; other annotations (links, comments) stay. Fields
//     left unfilled whose appearance is missing, or stale by the form's own
//     NeedAppearances, are first redrawn from their current value.
//   - A PDF carrying a digital signature on a signature field is refused
//     (ErrSigned), by Detect already: any change would invalidate it. Usage-rights signatures
//     (Adobe "Reader extensions", /Perms /UR3) only unlock features in old
//     Readers and cannot survive a change either: Fill removes them, as
//     Acrobat does when it saves such a form with another tool's changes.
//   - Encrypted PDFs are refused (ErrEncrypted), even those that open
//     without a password, because rewriting them would drop or alter their
//     protection silently. A file that declares encryption and cannot be
//     read is reported as encrypted too, not as damaged.
//   - Text is drawn with Helvetica when every character is in WinAnsi
//     encoding, otherwise with a Unicode TrueType font (DejaVu Sans or
//     Liberation Sans by default, see FillOptions.FontPath): a subset of it
//     when flattening, the whole font (about 330 KB compressed for DejaVu
//     Sans) when the form stays editable, since the field's default
//     appearance then names it and later typing needs every glyph.
package pdfform
