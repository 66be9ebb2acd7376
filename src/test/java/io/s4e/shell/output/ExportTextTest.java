package io.s4e.shell.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The per-value text work of an export gives what the plain definitions give, for every input. */
class ExportTextTest {

	@Test
	void cvssTextIsWhatBigDecimalWrites() {
		Random random = new Random(3);
		double[] edges = { 0.0, -0.0, 1e-3, Math.nextDown(1e-3), 1e7, Math.nextDown(1e7), 9.8, 10.0, 0.1, 7.5, 1e-9,
				123456789.0, -9.8, Double.MIN_VALUE, Double.MAX_VALUE };
		for (double d : edges) {
			assertThat(ModelFields.cvss(d)).as("%s", d).isEqualTo(BigDecimal.valueOf(d).toPlainString());
		}
		for (int i = 0; i < 100_000; i++) {
			double d = switch (i % 3) {
				case 0 -> Math.round(random.nextDouble() * 100) / 10.0;
				case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(20) - 8);
				default -> Double.longBitsToDouble(random.nextLong());
			};
			if (Double.isFinite(d)) {
				assertThat(ModelFields.cvss(d)).as("%s", d).isEqualTo(BigDecimal.valueOf(d).toPlainString());
			}
		}
		assertThat(ModelFields.cvss(null)).isNull();
	}

	@Test
	void isSafeSaysWhetherSafeWouldChangeTheText() {
		for (char c = 0; c < Character.MAX_VALUE; c++) {
			String s = "ab" + c + "cd";
			assertThat(TerminalText.isSafe(s)).as("U+%04X", (int) c).isEqualTo(TerminalText.safe(s).equals(s));
		}
	}

}
