import { edgeEnds, KNOWN_NODES } from './graph-ids';
import { BANK_REQUESTS, type Walkthrough } from './types';

/**
 * Content rules every walkthrough must satisfy; the test runs them on all content, so a new
 * file that breaks one fails CI with a message naming the walkthrough and step.
 */
export function validateWalkthrough(walkthrough: Walkthrough): string[] {
  const problems: string[] = [];
  const where = (step?: string) => (step ? `${walkthrough.slug}/${step}` : walkthrough.slug);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(walkthrough.slug))
    problems.push(`${where()}: the slug must be lower-case words joined by hyphens`);
  if (walkthrough.title.trim() === '') problems.push(`${where()}: no title`);
  if (walkthrough.summary.trim() === '') problems.push(`${where()}: no summary`);
  if (walkthrough.steps.length === 0) problems.push(`${where()}: no steps`);
  const stepIds = new Set<string>();
  for (const step of walkthrough.steps) {
    const at = where(step.id);
    if (stepIds.has(step.id)) problems.push(`${at}: duplicate step id`);
    stepIds.add(step.id);
    if (step.body.length === 0 || step.body.some((p) => p.trim() === ''))
      problems.push(`${at}: the explanation is empty`);
    if (step.watch.trim() === '') problems.push(`${at}: nothing to watch`);
    if (step.checks.length === 0) problems.push(`${at}: no check`);
    for (const node of step.highlight.nodes)
      if (!KNOWN_NODES.has(node)) problems.push(`${at}: unknown node ${node}`);
    for (const edge of step.highlight.edges)
      if (!edgeEnds(edge)) problems.push(`${at}: implausible edge ${edge}`);
    const actionIds = new Set<string>();
    for (const action of step.actions) {
      if (actionIds.has(action.id)) problems.push(`${at}: duplicate action id ${action.id}`);
      actionIds.add(action.id);
      if (action.label.trim() === '') problems.push(`${at}/${action.id}: no label`);
      if (action.kind === 'fault') {
        const ttl = action.fault.ttlSeconds;
        if (!Number.isInteger(ttl) || ttl < 1 || ttl > 120)
          problems.push(`${at}/${action.id}: a fault needs a TTL of 1-120 s`);
      }
      if (action.kind === 'bank' && !BANK_REQUESTS.includes(action.request))
        problems.push(`${at}/${action.id}: unknown bank request`);
    }
    const checkIds = new Set<string>();
    for (const check of step.checks) {
      if (checkIds.has(check.id)) problems.push(`${at}: duplicate check id ${check.id}`);
      checkIds.add(check.id);
      if (!(check.timeoutMs >= 1_000 && check.timeoutMs <= 120_000))
        problems.push(`${at}/${check.id}: the timeout must be 1-120 s`);
      if (check.hint.trim().length < 10) problems.push(`${at}/${check.id}: no hint`);
      if (check.label.trim() === '') problems.push(`${at}/${check.id}: no label`);
      const e = check.expect;
      if ('edge' in e && !edgeEnds(e.edge)) problems.push(`${at}/${check.id}: implausible edge`);
      if (
        (e.type === 'trace-services' && !step.actions.some((a) => a.kind === 'bank')) ||
        (e.type === 'trace-services' && e.services.length === 0)
      )
        problems.push(`${at}/${check.id}: a trace check needs a bank request in its step`);
    }
  }
  return problems;
}

/** Problems across a set: each walkthrough's, plus duplicate slugs. */
export function validateWalkthroughs(all: readonly Walkthrough[]): string[] {
  const problems = all.flatMap(validateWalkthrough);
  const slugs = new Set<string>();
  for (const w of all) {
    if (slugs.has(w.slug)) problems.push(`${w.slug}: duplicate slug`);
    slugs.add(w.slug);
  }
  return problems;
}
