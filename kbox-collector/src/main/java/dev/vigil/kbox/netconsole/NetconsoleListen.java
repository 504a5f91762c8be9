package dev.vigil.kbox.netconsole;

import dev.vigil.core.alarm.Alarms;
import dev.vigil.core.alarm.Observation;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.inventory.Node;
import dev.vigil.core.session.Session;
import dev.vigil.core.state.PrivateFiles;
import dev.vigil.kbox.KboxConfig;
import dev.vigil.kbox.RecordIndex;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The use case behind {@code vigil kbox listen}: netconsole's UDP messages received in the foreground,
 * one log per sender (named from the inventory by address), until the process is stopped (SIGTERM or
 * Ctrl-C flush and stop it); then each sender's counts.
 */
public final class NetconsoleListen {
    private NetconsoleListen() {
    }

    /** bind: the address; port: null for kbox.listen.port; dir: the logs (null: the state dir's kbox/netconsole). */
    public record Request(String bind, Integer port, Path dir) {
    }

    /** lines: each panic, Oops or notable line as it arrives; status: listening on, and the counts at the end. */
    public static void run(Session session, Request r, Consumer<String> lines, Consumer<String> status) throws IOException, InterruptedException {
        KboxConfig cfg = KboxConfig.load(session.configPath());
        int p = r.port() != null ? r.port() : cfg.listen().port();
        if (p < 0 || p > 65535) {
            throw new UsageException("--port " + p + " is out of range (0-65535; netconsole's default is 6666)");
        }
        Path kbox = session.stateDir().kbox();
        Path logs = r.dir() != null ? r.dir() : kbox.resolve("netconsole");
        Map<String, String> byAddress = new LinkedHashMap<>();
        for (Node n : session.inventory().nodes()) {
            byAddress.put(n.address(), n.name());
        }
        PrivateFiles.dirs(kbox);
        // a panic or Oops is a critical alarm at once (one scan is enough: it happened); nothing clears it but an operator.
        // It is stored on the receiving thread; the delivery runs on its own, so a receiver that is slow or down never
        // holds up the datagrams (a second panic while one delivery runs is in the store and goes with the next).
        dev.vigil.core.alarm.AlarmsConfig alarmsConfig = dev.vigil.core.alarm.AlarmsConfig.load(session.configPath());
        java.util.concurrent.ExecutorService delivery = java.util.concurrent.Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "vigil-alarm-delivery");
            t.setDaemon(true);
            return t;
        });
        NetconsoleReceiver.Raiser raiser = (node, summary) -> {
            Alarms.record(session, alarmsConfig, List.of(Observation.bad("kbox", node, "kernel-crash", "critical", summary, Map.of(), null)));
            delivery.submit(() -> Alarms.deliver(session, alarmsConfig));
        };
        NetconsoleReceiver receiver = new NetconsoleReceiver(logs, byAddress, cfg.listen().rotateBytes(), cfg.listen().keep(), raiser,
                RecordIndex.load(kbox), lines);
        DatagramSocket socket;
        try {
            socket = new DatagramSocket(null);
            socket.setReceiveBufferSize(16 * 1024 * 1024);
            socket.bind(new InetSocketAddress(InetAddress.getByName(r.bind()), p));
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("cannot listen on " + r.bind() + ":" + p + ": " + e.getMessage());
        }
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            receiver.stop();
            try {
                done.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "vigil-listen-stop"));
        status.accept("listening on " + r.bind() + ":" + socket.getLocalPort() + " (udp), writing to " + logs);
        try {
            receiver.run(socket);
        } finally {
            socket.close();
            // what is still being delivered gets a moment; what is not is in the store's outbox for the next delivery
            delivery.shutdown();
            delivery.awaitTermination(3, TimeUnit.SECONDS);
            receiver.stats().forEach((sender, s) -> status.accept(String.format("%s: %d received, %d lost, %d malformed, %d duplicates",
                    sender, s[0], s[1], s[2], s[3])));
            done.countDown();
        }
    }
}
