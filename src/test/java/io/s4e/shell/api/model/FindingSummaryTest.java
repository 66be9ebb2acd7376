package io.s4e.shell.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FindingSummaryTest {

	@Test
	void countsAtOrAboveAThreshold() {
		FindingSummary summary = new FindingSummary(1, 2, 5, 3, 10);
		assertThat(summary.atOrAbove(Severity.HIGH)).isEqualTo(3);
		assertThat(summary.atOrAbove(Severity.INFO)).isEqualTo(21);
		assertThat(summary.total()).isEqualTo(21);
		assertThat(summary.plus(Severity.MEDIUM).medium()).isEqualTo(6);
	}

	@Test
	void severityParsingAcceptsTheUiWordAndRanksUnknownLast() {
		assertThat(Severity.parse("Informational")).contains(Severity.INFO);
		assertThat(Severity.parse("bogus")).isEmpty();
		assertThat(Severity.rank("bogus")).isGreaterThan(Severity.rank("info"));
		assertThat(Severity.CRITICAL.atLeast(Severity.HIGH)).isTrue();
		assertThat(Severity.LOW.atLeast(Severity.HIGH)).isFalse();
	}

}
