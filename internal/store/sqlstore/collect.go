package sqlstore

// scanner is a Row or the current row of Rows.
type scanner interface {
	Scan(dest ...any) error
}

// collect scans every row with scan and closes rows. It never returns a nil
// slice without an error, so an empty list encodes as [] rather than null.
func collect[T any](rows Rows, scan func(scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
