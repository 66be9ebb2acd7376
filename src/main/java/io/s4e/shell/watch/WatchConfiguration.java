package io.s4e.shell.watch;

import org.jline.terminal.Terminal;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.s4e.shell.api.TimeSource;
import io.s4e.shell.connection.ConnectionManager;
import io.s4e.shell.console.ConsoleIO;
import io.s4e.shell.service.ScanService;
import io.s4e.shell.service.SessionService;

/** The waiting engine as beans: for the scan commands, and for playbooks that wait on scans. */
@Configuration(proxyBeanMethods = false)
public class WatchConfiguration {

	@Bean
	ScanWaiter scanWaiter(ConnectionManager connection) {
		return new ScanWaiter(connection::client, TimeSource.SYSTEM);
	}

	@Bean
	WatchPresenter watchPresenter(ScanWaiter waiter, ScanService scans, SessionService session, ConsoleIO io,
			ObjectProvider<Terminal> terminal) {
		return new WatchPresenter(waiter, scans, session, io, terminal);
	}

}
