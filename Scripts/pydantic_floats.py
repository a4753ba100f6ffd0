#!/usr/bin/env python3
"""Doubles as pydantic's model_dump_json() writes them, for the Swift writer to match byte for
byte (Tests/StreamTypesTests/PydanticFloatTests.swift).

Prints one line per double: its bit pattern in 16 hex digits, a space, pydantic's text. The
doubles: every decimal exponent from -324 to 308 (powers of ten, their neighbours, 1.5,
2.5 and 9.999... times them, both signs), subnormals, integral values, 17-digit values and
COUNT random bit patterns (SEED fixes them).

Usage: pydantic_floats.py [COUNT] [SEED]. With --check instead, asserts the rule the README
states against pydantic for the same doubles and prints how many agreed.
"""

import math
import random
import struct
import sys
from decimal import Decimal

import pydantic


class Numbers(pydantic.BaseModel):
    values: list[float]


def from_bits(bits: int) -> float:
    return float(struct.unpack("<d", struct.pack("<Q", bits))[0])


def to_bits(value: float) -> int:
    return int(struct.unpack("<Q", struct.pack("<d", value))[0])


def doubles(count: int, seed: int) -> list[float]:
    rng = random.Random(seed)
    values = [0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308,
              1.7976931348623157e308, 9007199254740992.0, 9007199254740993.0, 2.0**53 + 2, 2.0**63]
    for exponent in range(-324, 309):
        for mantissa in ("1", "1.5", "2.5", "9.999999999999998", "1.2345678901234567", "4.9406564584124654"):
            value = float(f"{mantissa}e{exponent}")
            if value == 0 or math.isinf(value):
                continue
            for v in (value, math.nextafter(value, 0.0), math.nextafter(value, math.inf)):
                values += [v, -v]
    for _ in range(count):
        value = from_bits(rng.getrandbits(64))
        if math.isfinite(value):
            values.append(value)
        values.append(from_bits(rng.getrandbits(52)) * rng.choice((1, -1)))  # subnormal
        values.append(float(rng.randrange(-2**62, 2**62) >> rng.randrange(0, 62)))  # integral
        values.append(float(f"{rng.randrange(10**16, 10**17)}e{rng.randrange(-340, 300)}"))  # 17 digits
        values.append(rng.randrange(1, 10**7) / 10 ** rng.randrange(0, 12))  # short decimals
    return [v for v in values if math.isfinite(v)]


def rule(value: float) -> str:
    """The layout pydantic gives the shortest digits that read back (repr's digits)."""
    if value == 0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    parts = Decimal(repr(abs(value))).as_tuple()
    digits = "".join(map(str, parts.digits)).rstrip("0")
    point = len(parts.digits) + int(parts.exponent)  # value = 0.digits × 10^point
    if len(digits) <= point <= 16:
        text = digits + "0" * (point - len(digits)) + ".0"
    elif 0 < point <= 16:
        text = digits[:point] + "." + digits[point:]
    elif -5 < point <= 0:
        text = "0." + "0" * -point + digits
    else:
        text = digits[0] + ("." + digits[1:] if len(digits) > 1 else "") + f"e{point - 1:+d}"
    return ("-" if value < 0 else "") + text


def main() -> int:
    arguments = [a for a in sys.argv[1:] if a != "--check"]
    count = int(arguments[0]) if arguments else 20000
    seed = int(arguments[1]) if len(arguments) > 1 else 1
    values = doubles(count, seed)
    dumped = Numbers(values=values).model_dump_json()
    texts = dumped[len('{"values":['):-2].split(",")
    assert len(texts) == len(values)
    if "--check" in sys.argv:
        wrong = [(v, t) for v, t in zip(values, texts) if t != rule(v) or float(t) != v]
        for value, text in wrong[:10]:
            print(f"DIFFERENT {value!r}: pydantic {text}, rule {rule(value)}")
        print(f"{len(values) - len(wrong)} of {len(values)} doubles as the rule says")
        return 1 if wrong else 0
    out = sys.stdout
    for value, text in zip(values, texts):
        out.write(f"{to_bits(value):016x} {text}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
