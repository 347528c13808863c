/**
 * What a notification says: one short text per template, rendered from its data. Pure. Money
 * arrives in cents and is shown with two decimals; account numbers never appear in full.
 */
export const TEMPLATES = [
  'transfer_completed',
  'transfer_held',
  'transfer_rejected',
  'loan_decided',
  'loan_disbursed',
  'loan_cancelled',
  'order_completed',
  'kyc_decided',
] as const;
export type Template = (typeof TEMPLATES)[number];

export const CHANNELS = ['email', 'sms', 'push'] as const;
export type Channel = (typeof CHANNELS)[number];

export type TemplateData = Record<string, string | number | boolean | null>;

export function render(template: Template, data: TemplateData): { subject: string; text: string } {
  const amount = money(data.amountCents, data.currency);
  switch (template) {
    case 'transfer_completed':
      return { subject: 'Transfer completed', text: `Your transfer of ${amount} was completed.` };
    case 'transfer_held':
      return {
        subject: 'Transfer on hold',
        text: `Your transfer of ${amount} is on hold and will be retried automatically.`,
      };
    case 'transfer_rejected':
      return {
        subject: 'Transfer refused',
        text: `Your transfer of ${amount} was refused (${text(data.reason)}); the amount was returned.`,
      };
    case 'loan_decided':
      return {
        subject: `Loan ${text(data.status)}`,
        text: `Your loan application for ${amount} was ${text(data.status)}.`,
      };
    case 'loan_disbursed':
      return {
        subject: 'Loan paid out',
        text: `Your loan of ${amount} was paid into your account.`,
      };
    case 'loan_cancelled':
      return {
        subject: 'Loan cancelled',
        text: `Your loan was cancelled (${text(data.reason)}).`,
      };
    case 'order_completed':
      return {
        subject: 'Fund order completed',
        text: `You bought ${text(data.fundId)} for ${amount}.`,
      };
    case 'kyc_decided':
      return {
        subject: 'Identity check',
        text: `Your identity check is ${text(data.status)}.`,
      };
  }
}

function money(cents: unknown, currency: unknown): string {
  if (typeof cents !== 'number' || !Number.isInteger(cents)) return 'an amount';
  const abs = Math.abs(cents);
  const units = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return `${cents < 0 ? '-' : ''}${units} ${typeof currency === 'string' ? currency : 'EUR'}`;
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : 'unknown';
}
