/** One column heading of a data table. */
export interface ColumnHeading {
  label: string;
  /** Right-aligned, for figures. */
  numeric?: boolean;
  /** Read by screen readers only (an actions or links column). */
  hidden?: boolean;
}

/** The heading row the data tables share: one `th scope="col"` per column. */
export function TableHeaderRow({ columns }: { columns: readonly ColumnHeading[] }) {
  return (
    <tr>
      {columns.map((column) => (
        <th
          key={column.label}
          scope="col"
          className={`px-3 py-2 font-medium${column.numeric ? ' text-right' : ''}`}
        >
          {column.hidden ? <span className="sr-only">{column.label}</span> : column.label}
        </th>
      ))}
    </tr>
  );
}
