import { describe, expect, it } from 'vitest';
import { routedPath } from './route';

describe('routedPath', () => {
  it('leaves edges between neighbouring ranks to the plain bezier', () => {
    const route = {
      points: [
        { x: 0, y: 0 },
        { x: 50, y: 0 },
        { x: 100, y: 0 },
      ],
      label: { x: 50, y: 0 },
    };
    expect(routedPath({ x: 0, y: 0 }, { x: 100, y: 0 }, route)).toBeNull();
    expect(routedPath({ x: 0, y: 0 }, { x: 100, y: 0 }, undefined)).toBeNull();
  });

  it('draws from handle to handle through the inner bend points, label at the route label', () => {
    const route = {
      points: [
        { x: 10, y: 10 },
        { x: 100, y: 80 },
        { x: 200, y: 80 },
        { x: 300, y: 80 },
        { x: 390, y: 10 },
      ],
      label: { x: 200, y: 80 },
    };
    const result = routedPath({ x: 0, y: 0 }, { x: 400, y: 0 }, route)!;
    expect(result.labelX).toBe(200);
    expect(result.labelY).toBe(80);
    expect(result.path.startsWith('M 0,0 ')).toBe(true);
    expect(result.path.endsWith(' 400,0')).toBe(true);
    // One cubic per stretch: handle → 3 inner points → handle; the route's own ends are dropped.
    expect(result.path.match(/C /g)).toHaveLength(4);
    expect(result.path).not.toContain('10,10');
    // Horizontal tangents: each curve leaves at its start height and arrives at its end height.
    expect(result.path).toContain('C 50,0 50,80 100,80');
  });
});
