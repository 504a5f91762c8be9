import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * Bench tooling: SENDERS threads, each bound to 127.0.1.i like a fleet node, send COUNT
 * extended-format netconsole messages to the receiver, paced to RATE messages per second in all
 * (0: as fast as loopback allows). Prints the achieved send rate.
 *   java Flood PORT SENDERS COUNT RATE
 */
public class Flood {
    public static void main(String[] a) throws Exception {
        int port = Integer.parseInt(a[0]);
        int senders = Integer.parseInt(a[1]);
        int count = Integer.parseInt(a[2]);
        double rate = Double.parseDouble(a[3]);
        CountDownLatch go = new CountDownLatch(1);
        Thread[] threads = new Thread[senders];
        for (int s = 0; s < senders; s++) {
            int node = s + 1;
            threads[s] = new Thread(() -> {
                try (DatagramSocket sock = new DatagramSocket(new InetSocketAddress("127.0.1." + node, 0))) {
                    InetSocketAddress to = new InetSocketAddress("127.0.0.1", port);
                    go.await();
                    long start = System.nanoTime();
                    double perSender = rate / senders;
                    for (int i = 1; i <= count; i++) {
                        byte[] b = ("6," + i + "," + (i * 1000L) + ",-;node-" + node + " kernel message " + i
                                + ": eth0: link is up, 10000 Mbps full duplex").getBytes(StandardCharsets.UTF_8);
                        sock.send(new DatagramPacket(b, b.length, to));
                        if (perSender > 0) {
                            // sleep, never spin: 20 spinning senders would starve the receiver on 2 cores
                            long ahead = start + (long) (i * 1e9 / perSender) - System.nanoTime();
                            if (ahead > 200_000) {
                                java.util.concurrent.locks.LockSupport.parkNanos(ahead);
                            }
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            threads[s].start();
        }
        long t0 = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("sent %d messages in %.3f s: %.0f msg/s%n", (long) senders * count, secs, senders * count / secs);
    }
}
