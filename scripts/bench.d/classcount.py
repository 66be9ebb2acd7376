"""Summarises -Xlog:class+load files: classes loaded, how many from the class-data archive, by top package."""
import collections
import sys

for path in sys.argv[1:]:
    total = shared = 0
    packages = collections.Counter()
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if "source:" not in line:
                continue
            total += 1
            if "shared objects file" in line:
                shared += 1
            name = line.split("]")[-1].strip().split(" ")[0]
            packages[".".join(name.split(".")[:3])] += 1
    top = ", ".join(f"{p} {c}" for p, c in packages.most_common(8))
    print(f"file={path.rsplit('/', 1)[-1]} total={total} shared={shared} top={top}")
