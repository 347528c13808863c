'use client';

import { type FormEvent, useId, useMemo, useState } from 'react';
import { type CatalogKind, injectFault } from './control-api';
import { fieldLabel, paramFields, paramValues } from './param-fields';

const inputClass =
  'w-full rounded-md border border-line bg-raised px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-accent';

/** One fault kind: its target, its params (from its JSON Schema), a TTL and "Inject". */
export function InjectFaultForm({
  entry,
  onInjected,
}: {
  entry: CatalogKind;
  onInjected: () => void;
}) {
  const fields = useMemo(() => paramFields(entry.paramsSchema), [entry.paramsSchema]);
  const idBase = useId();
  const [target, setTarget] = useState(entry.targets[0] ?? '');
  const [values, setValues] = useState<Record<string, string>>({});
  const [ttl, setTtl] = useState(String(entry.defaultTtlSeconds));
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const noTarget = entry.targets.length === 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setMessage(null);
    try {
      const result = await injectFault({
        kind: entry.kind,
        target: target || (entry.targets[0] ?? ''),
        params: paramValues(fields, values),
        ttlSeconds: Number(ttl),
      });
      if (result.ok) {
        setMessage({ ok: true, text: `Injected ${result.fault.id}` });
        onInjected();
      } else setMessage({ ok: false, text: result.message });
    } catch (error) {
      setMessage({ ok: false, text: error instanceof Error ? error.message : String(error) });
    } finally {
      setPending(false);
    }
  };

  return (
    <form
      onSubmit={(event) => void submit(event)}
      aria-label={`Inject ${entry.title}`}
      data-testid={`inject-${entry.kind}`}
      className="flex flex-col gap-2 rounded-lg border border-line bg-surface p-3"
    >
      <div>
        <h3 className="font-semibold">{entry.title}</h3>
        <p className="text-muted text-xs">{entry.description}</p>
      </div>
      <div className="grid grid-cols-2 gap-2">
        <div className="flex flex-col gap-1 text-xs">
          <label htmlFor={`${idBase}-target`}>target</label>
          <select
            id={`${idBase}-target`}
            className={inputClass}
            value={target}
            disabled={noTarget}
            onChange={(event) => setTarget(event.target.value)}
          >
            {entry.targets.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        {fields.map((field) => {
          const id = `${idBase}-${field.name}`;
          const set = (value: string) => setValues((v) => ({ ...v, [field.name]: value }));
          const label = fieldLabel(field.name);
          if (field.type === 'enum' || field.type === 'boolean') {
            const options = field.type === 'enum' ? field.options : ['false', 'true'];
            return (
              <div key={field.name} className="flex flex-col gap-1 text-xs">
                <label htmlFor={id}>{label}</label>
                <select
                  id={id}
                  className={inputClass}
                  value={values[field.name] ?? String(field.defaultValue ?? options[0] ?? '')}
                  onChange={(event) => set(event.target.value)}
                >
                  {options.map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </select>
              </div>
            );
          }
          return (
            <div key={field.name} className="flex flex-col gap-1 text-xs">
              <label htmlFor={id}>{label}</label>
              <input
                id={id}
                type="number"
                className={inputClass}
                min={field.min}
                max={field.max}
                step={field.type === 'integer' ? 1 : 'any'}
                placeholder={field.defaultValue === undefined ? '' : String(field.defaultValue)}
                value={values[field.name] ?? ''}
                onChange={(event) => set(event.target.value)}
              />
            </div>
          );
        })}
        <div className="flex flex-col gap-1 text-xs">
          <label htmlFor={`${idBase}-ttl`}>time to live (s)</label>
          <input
            id={`${idBase}-ttl`}
            type="number"
            min={1}
            max={entry.maxTtlSeconds}
            step={1}
            required
            className={inputClass}
            value={ttl}
            onChange={(event) => setTtl(event.target.value)}
          />
        </div>
      </div>
      <div className="flex items-center gap-2">
        <button
          type="submit"
          disabled={pending || noTarget}
          className="rounded-md border border-critical/60 bg-raised px-3 py-1 font-medium text-sm hover:border-critical disabled:opacity-50 focus-visible:outline-2 focus-visible:outline-accent"
        >
          {pending ? 'Injecting…' : 'Inject'}
        </button>
        {noTarget ? <span className="text-muted text-xs">No target running.</span> : null}
        {message ? (
          <span
            role={message.ok ? 'status' : 'alert'}
            className={`text-xs ${message.ok ? 'text-muted' : 'text-critical'}`}
          >
            {message.text}
          </span>
        ) : null}
      </div>
    </form>
  );
}
