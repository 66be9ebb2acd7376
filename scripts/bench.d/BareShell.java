package bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The start-up reference: a Spring Shell 4 application with no commands of its own, run as Boot runs it. */
@SpringBootApplication
public class BareShell {

	public static void main(String[] args) {
		SpringApplication.run(BareShell.class, args);
	}

}
