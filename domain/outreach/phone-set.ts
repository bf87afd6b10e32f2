/**
 * A set of national phone numbers (normalizePhone's form) in a flat open-addressing table of
 * doubles: 8 bytes a slot at most 70 % full, about 12-16 bytes a number where a `Set<string>`
 * takes 60 or more. A call list of a million numbers checks every row against a set of its own
 * (duplicates) and against the exclusion sets; this keeps them to a few tens of MiB.
 *
 * A number is stored as the value of `1<digits>` (at most 13 digits, exact in a double); 0 marks
 * an empty slot. Only digit strings of up to 15 characters are accepted.
 */
export class PhoneSet {
  private slots: Float64Array;
  private count = 0;

  constructor(expected = 1_024) {
    this.slots = new Float64Array(capacityFor(expected));
  }

  get size(): number {
    return this.count;
  }

  /** Adds `phone`; true when it was not in the set yet. */
  add(phone: string): boolean {
    const key = keyOf(phone);
    if (this.find(key) >= 0) return false;
    if ((this.count + 1) / this.slots.length > MAX_LOAD) this.grow();
    this.slots[this.freeSlot(key)] = key;
    this.count++;
    return true;
  }

  has(phone: string): boolean {
    return this.find(keyOf(phone)) >= 0;
  }

  private find(key: number): number {
    const mask = this.slots.length - 1;
    for (let i = hashOf(key) & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i]!;
      if (slot === key) return i;
      if (slot === 0) return -1;
    }
  }

  private freeSlot(key: number): number {
    const mask = this.slots.length - 1;
    let i = hashOf(key) & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    return i;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    for (const key of old) if (key !== 0) this.slots[this.freeSlot(key)] = key;
  }
}

const MAX_LOAD = 0.7;

function capacityFor(expected: number): number {
  let capacity = 16;
  while (capacity * MAX_LOAD < expected) capacity *= 2;
  return capacity;
}

function keyOf(phone: string): number {
  if (!/^\d{1,15}$/.test(phone)) throw new RangeError(`not a phone number in national form: ${phone}`);
  return Number(`1${phone}`);
}

/** Mixes both 32-bit halves of the key (murmur3's finalizer), so neighbouring numbers spread over the table. */
function hashOf(key: number): number {
  let h = (key % 0x1_0000_0000) ^ Math.imul(Math.floor(key / 0x1_0000_0000), 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
