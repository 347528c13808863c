/**
 * Form fields from a fault kind's params JSON Schema (what zod's toJSONSchema emits for a flat
 * object of numbers, integers, enums and booleans), and the values a form sends back.
 */

export type ParamField =
  | {
      name: string;
      type: 'number' | 'integer';
      min?: number;
      max?: number;
      defaultValue?: number;
    }
  | { name: string; type: 'enum'; options: string[]; defaultValue?: string }
  | { name: string; type: 'boolean'; defaultValue?: boolean };

interface PropertySchema {
  type?: unknown;
  enum?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  default?: unknown;
}

const num = (value: unknown) => (typeof value === 'number' ? value : undefined);

export function paramFields(schema: unknown): ParamField[] {
  const properties = (schema as { properties?: Record<string, PropertySchema> } | null)?.properties;
  if (!properties || typeof properties !== 'object') return [];
  return Object.entries(properties).flatMap(([name, property]): ParamField[] => {
    if (Array.isArray(property.enum)) {
      const options = property.enum.filter((o): o is string => typeof o === 'string');
      const defaultValue = typeof property.default === 'string' ? property.default : undefined;
      return [{ name, type: 'enum', options, ...(defaultValue ? { defaultValue } : {}) }];
    }
    if (property.type === 'boolean') {
      return [
        {
          name,
          type: 'boolean',
          ...(typeof property.default === 'boolean' ? { defaultValue: property.default } : {}),
        },
      ];
    }
    if (property.type === 'number' || property.type === 'integer') {
      const field: ParamField = { name, type: property.type };
      const min = num(property.minimum);
      const max = num(property.maximum);
      const defaultValue = num(property.default);
      return [
        {
          ...field,
          ...(min !== undefined ? { min } : {}),
          ...(max !== undefined ? { max } : {}),
          ...(defaultValue !== undefined ? { defaultValue } : {}),
        },
      ];
    }
    return [];
  });
}

/** Form text per field → the params object; empty number fields are left to the defaults. */
export function paramValues(
  fields: readonly ParamField[],
  text: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = text[field.name];
    if (raw === undefined || raw === '') continue;
    if (field.type === 'boolean') params[field.name] = raw === 'true';
    else if (field.type === 'enum') params[field.name] = raw;
    else params[field.name] = Number(raw);
  }
  return params;
}

/** "restartAfterSeconds" → "restart after seconds". */
export function fieldLabel(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}
