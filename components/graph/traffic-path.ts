/** Points along an SVG path, for the traffic dots. */
export interface PathPoint {
  x: number;
  y: number;
}

const SAMPLES = 24;
let scratch: SVGPathElement | null = null;

/**
 * SAMPLES + 1 points evenly spaced along an SVG path (flow coordinates), measured by the
 * browser on a detached <path>. Empty when the browser cannot measure it.
 */
export function samplePath(d: string): PathPoint[] {
  try {
    scratch ??= document.createElementNS('http://www.w3.org/2000/svg', 'path');
    scratch.setAttribute('d', d);
    const length = scratch.getTotalLength();
    if (!(length > 0)) return [];
    return Array.from({ length: SAMPLES + 1 }, (_, i) => {
      const point = scratch!.getPointAtLength((length * i) / SAMPLES);
      return { x: point.x, y: point.y };
    });
  } catch {
    return [];
  }
}
