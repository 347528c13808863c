import type { Attributes, AttributeValue } from '../../collectors/contracts';

/** Text for one attribute value: arrays as JSON, null spelled out. */
export function attributeText(value: AttributeValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}

/** Attributes as a key/value list, keys sorted, values monospaced and wrapping. */
export function AttributeTable({
  attributes,
  empty = 'none',
}: {
  attributes: Attributes;
  empty?: string;
}) {
  const keys = Object.keys(attributes).sort();
  if (keys.length === 0) return <p className="text-muted text-xs">{empty}</p>;
  return (
    <dl className="grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-3 gap-y-1 text-xs">
      {keys.map((key) => (
        <div key={key} className="contents">
          <dt className="break-all text-muted">{key}</dt>
          <dd className="break-all font-mono text-fg">{attributeText(attributes[key] ?? null)}</dd>
        </div>
      ))}
    </dl>
  );
}
