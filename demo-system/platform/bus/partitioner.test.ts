import { Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from './partitioner';

describe('partitionForKey', () => {
  it("matches Kafka's murmur2 reference values", () => {
    // From Kafka's UtilsTest.testMurmur2.
    const bytes = (s: string) => new TextEncoder().encode(s);
    expect(murmur2(bytes('21'))).toBe(-973932308);
    expect(murmur2(bytes('foobar'))).toBe(-790332482);
    expect(murmur2(bytes('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(bytes('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(bytes('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
    expect(murmur2(bytes('abc'))).toBe(479470107);
  });

  it("agrees with kafkajs's default partitioner for every key", () => {
    const partitioner = Partitioners.DefaultPartitioner();
    for (const partitions of [1, 3, 7]) {
      const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
        partitionId,
        leader: 0,
        partitionErrorCode: 0,
        replicas: [0],
        isr: [0],
        offlineReplicas: [],
      }));
      for (let i = 0; i < 200; i += 1) {
        const key = `acct-${i}-é`;
        const expected = partitioner({
          topic: 't',
          partitionMetadata,
          message: { key, value: 'v' },
        });
        expect(partitionForKey(key, partitions)).toBe(expected);
      }
    }
  });

  it('refuses a partition count that is not a positive integer', () => {
    expect(() => partitionForKey('k', 0)).toThrow(RangeError);
  });
});
