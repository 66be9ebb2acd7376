#!/usr/bin/env python3
"""Where a start's main thread spends its time: reads `jfr print --events jdk.ExecutionSample` output (one or
more recordings of `scripts/s4e < /dev/null`) and prints, for each part of the start-up, the share of the main
thread's samples whose stack contains it (inclusive, so nested parts overlap), as Markdown table rows."""
import re
import sys

# (label, patterns): a sample counts for the label when any frame contains any pattern.
PARTS = [
    ("Boot: `SpringApplication` set-up (`spring.factories`, listeners)",
     ["SpringApplication.<init>", "SpringApplication.<clinit>"]),
    ("Boot: environment", ["SpringApplication.prepareEnvironment"]),
    ("Spring: context refresh (every bean)", ["AbstractApplicationContext.refresh("]),
    ("of which Spring Shell's command registration", ["ShellCommands.registry"]),
    ("of which reading `@Command` methods and options", ["CommandFactoryBean.getObject"]),
    ("of which Spring's merged-annotation lookups", ["org.springframework.core.annotation.MergedAnnotation",
                                                     "org.springframework.core.annotation.TypeMappedAnnotation"]),
    ("the shell's runner (session read, stdin)", ["SpringApplication.callRunners"]),
    ("Jackson's start-up (`ObjectMapper` class initialisation)", ["ObjectMapper.<clinit>"]),
    ("invokedynamic linkage (lambdas, string concatenation)", ["java.lang.invoke.MethodHandleNatives.link"]),
    ("class loading (from the archive, mostly)", ["ClassLoader.loadClass"]),
    ("logging set-up", ["java.util.logging.LogManager"]),
]


def main_thread_samples(path):
    out, cur, in_stack, thread = [], [], False, None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            s = line.strip()
            if s.startswith("jdk.ExecutionSample {"):
                cur, in_stack, thread = [], False, None
            elif s.startswith("sampledThread = "):
                m = re.search(r'"([^"]*)"', s)
                thread = m.group(1) if m else None
            elif s.startswith("stackTrace = ["):
                in_stack = True
            elif in_stack:
                if s == "]":
                    in_stack = False
                    if thread == "main":
                        out.append(cur)
                elif s != "...":
                    cur.append(s)
    return out


samples = [s for p in sys.argv[1:] for s in main_thread_samples(p)]
if not samples:
    print("| (no samples recorded) | |")
    sys.exit(0)
for label, patterns in PARTS:
    n = sum(1 for frames in samples if any(p in f for f in frames for p in patterns))
    print(f"| {label} | {100.0 * n / len(samples):.0f}% |")
print(f"| (main-thread samples, all recordings) | {len(samples)} |")
