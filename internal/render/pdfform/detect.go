package pdfform

import (
	"github.com/quirehq/quire/internal/render"
)

// Detect lists the fillable fields of an AcroForm PDF, in the order of the
// form's field tree. Names are fully qualified and are what Fill accepts.
// A signed form is refused (ErrSigned), as Fill would refuse it.
func Detect(pdf []byte) (fields []render.Field, err error) {
	defer guard(&err)
	doc, err := readDocument(pdf)
	if err != nil {
		return nil, err
	}
	ff, err := doc.collectFields()
	if err != nil {
		return nil, damaged(err)
	}
	if len(ff) == 0 {
		return nil, ErrNoFields
	}
	if doc.signed(ff) {
		return nil, ErrSigned // refused at upload, rather than at every fill
	}
	fields = make([]render.Field, 0, len(ff))
	for _, f := range ff {
		rf := render.Field{Name: f.name, Type: f.kind}
		if f.kind == TypeRadio || f.kind == TypeSelect || f.kind == TypeList {
			rf.Options = append([]string{}, f.options...)
		}
		fields = append(fields, rf)
	}
	return fields, nil
}
