import type { APIRequestContext, Locator, Page } from '@playwright/test';

/** The overview page: live service graph and the stream's connection indicator. */
export class OverviewPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/');
  }

  /** The header's live-stream indicator (role=status). */
  get connection(): Locator {
    return this.page
      .getByRole('status')
      .filter({ hasText: /live|connecting|reconnecting|offline/i });
  }

  edgeLabel(source: string, target: string): Locator {
    return this.page.getByTestId(`edge-label-${source}-${target}`);
  }

  /** The badge with the caller's breaker state for this edge (data-state closed/open/half_open). */
  edgeBreaker(source: string, target: string): Locator {
    return this.page.getByTestId(`edge-breaker-${source}-${target}`);
  }

  edgeMtls(source: string, target: string): Locator {
    return this.page.getByTestId(`edge-mtls-${source}-${target}`);
  }

  /** One button of the edge-label switch: 'Rate', 'Error %' or 'p95'. */
  metricButton(name: 'Rate' | 'Error %' | 'p95'): Locator {
    return this.page
      .getByRole('group', { name: 'Edge labels show' })
      .getByRole('button', { name, exact: true });
  }

  serviceNode(name: string): Locator {
    return this.page.getByLabel(new RegExp(`^service ${name},`));
  }

  /** The edge itself (React Flow's focusable <g>), named "source to target, …". */
  edge(source: string, target: string): Locator {
    return this.page.getByRole('group', { name: new RegExp(`^${source} to ${target},`) });
  }

  /** The node or edge details panel. */
  get panel(): Locator {
    return this.page.getByRole('dialog');
  }

  get search(): Locator {
    return this.page.getByLabel('Find a service by name');
  }

  kindToggle(word: string): Locator {
    return this.page
      .getByRole('group', { name: 'Show node kinds' })
      .getByRole('button', { name: word, exact: true });
  }

  get trafficToggle(): Locator {
    return this.page.getByRole('checkbox', { name: /Traffic animation/ });
  }

  get trafficCanvas(): Locator {
    return this.page.getByTestId('traffic-canvas');
  }
}

/** The demo-system's control plane, through the UI's proxy. */
export async function serviceUrl(request: APIRequestContext, name: string): Promise<string> {
  const response = await request.get('/api/control/topology');
  if (!response.ok()) throw new Error(`GET /api/control/topology: ${response.status()}`);
  const topology = (await response.json()) as { services: { name: string; url: string }[] };
  const service = topology.services.find((candidate) => candidate.name === name);
  if (!service) throw new Error(`the topology lists no service named ${name}`);
  return service.url;
}
