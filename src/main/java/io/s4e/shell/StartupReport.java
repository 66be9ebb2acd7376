package io.s4e.shell;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.core.metrics.StartupStep;

/**
 * Where the start-up goes, for the benchmarks: with {@code -Ds4e.startup.report=N}, Spring's start-up steps are
 * recorded and, once the run is over, the {@code N} slowest (by their own time, children excluded) are printed to
 * stderr with the totals per step name.
 */
final class StartupReport {

	static final String PROPERTY = "s4e.startup.report";

	private final BufferingApplicationStartup startup = new BufferingApplicationStartup(20_000);

	private final int top;

	private StartupReport(int top) {
		this.top = top;
	}

	static StartupReport fromProperty(SpringApplication app) {
		String value = System.getProperty(PROPERTY);
		if (value == null) {
			return null;
		}
		StartupReport report = new StartupReport(value.isBlank() ? 15 : Integer.parseInt(value.trim()));
		app.setApplicationStartup(report.startup);
		return report;
	}

	void print(PrintStream out) {
		List<StartupTimeline.TimelineEvent> events = startup.getBufferedTimeline().getEvents();
		Map<Long, Duration> childTime = new LinkedHashMap<>();
		for (StartupTimeline.TimelineEvent e : events) {
			Long parent = e.getStartupStep().getParentId();
			if (parent != null) {
				childTime.merge(parent, e.getDuration(), Duration::plus);
			}
		}
		Map<String, Duration> byName = new LinkedHashMap<>();
		List<String[]> rows = new ArrayList<>();
		for (StartupTimeline.TimelineEvent e : events) {
			StartupStep step = e.getStartupStep();
			Duration self = e.getDuration().minus(childTime.getOrDefault(step.getId(), Duration.ZERO));
			byName.merge(step.getName(), self, Duration::plus);
			StringBuilder tags = new StringBuilder();
			step.getTags().forEach(t -> tags.append(' ').append(t.getKey()).append('=').append(t.getValue()));
			rows.add(new String[] { String.valueOf(self.toNanos()), step.getName() + tags });
		}
		rows.sort(Comparator.comparingLong((String[] r) -> Long.parseLong(r[0])).reversed());
		out.println("start-up steps, self time (children excluded):");
		byName.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Duration>comparingByValue().reversed())
			.forEach(e -> out.printf(Locale.ROOT, "  %7.1f ms  %s%n", e.getValue().toNanos() / 1e6, e.getKey()));
		out.println("slowest single steps:");
		rows.stream()
			.limit(top)
			.forEach(r -> out.printf(Locale.ROOT, "  %7.1f ms  %s%n", Long.parseLong(r[0]) / 1e6, r[1]));
		out.printf(Locale.ROOT, "JVM up %d ms when the shell was ready%n",
				java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
	}

}
