package org.customervault.api.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.CustomerViewVersionNotice;
import org.junit.jupiter.api.Test;

/**
 * A write's wait for the view, without a database: notices that come before, during and never, a
 * notice that is not enough, and a listener that restarted after missing notices.
 */
class ReadYourWritesTest {

    private static final Duration LONG = Duration.ofMinutes(5);

    private final CustomerId customer = CustomerId.newId();
    private final AtomicLong viewVersion = new AtomicLong(-1);
    private final AtomicInteger readings = new AtomicInteger();
    private final ViewVersionWaiters waiters = new ViewVersionWaiters();

    @Test
    void aWriteWhoseVersionWasNotifiedBeforeItWaitedReturnsAtOnce() {
        viewVersion.set(3);
        waiters.reached(new CustomerViewVersionNotice(customer, 3));

        assertThat(waiting(LONG, LONG).awaitVersion(customer, 3)).isTrue();
        assertThat(readings).hasValue(1);
        assertThat(waiters.waiting()).isZero();
    }

    @Test
    void aNoticeWakesTheWriteWithoutWaitingForTheRecheck() {
        viewVersion.set(2);
        CompletableFuture<Boolean> answer = CompletableFuture.supplyAsync(() -> waiting(LONG, LONG).awaitVersion(customer, 3));
        await().atMost(Duration.ofSeconds(10)).until(() -> waiters.waiting() == 1);

        waiters.reached(new CustomerViewVersionNotice(CustomerId.newId(), 9));
        waiters.reached(new CustomerViewVersionNotice(customer, 2));
        assertThat(answer).as("another customer's notice, or an older version, is not the write's").isNotDone();

        viewVersion.set(3);
        waiters.reached(new CustomerViewVersionNotice(customer, 3));
        assertThat(answer).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(true);
        assertThat(readings).as("the notice is enough: the view's version is read only once").hasValue(1);
        assertThat(waiters.waiting()).isZero();
    }

    @Test
    void aWriteWhoseNoticeWasLostReadsTheViewAgainAndAnswers() {
        viewVersion.set(0);
        CompletableFuture<Boolean> answer = CompletableFuture.supplyAsync(
                () -> waiting(LONG, Duration.ofMillis(50)).awaitVersion(customer, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> waiters.waiting() == 1);

        viewVersion.set(1);
        assertThat(answer).as("no notice came").succeedsWithin(Duration.ofSeconds(10)).isEqualTo(true);
    }

    @Test
    void aListenerThatListensAgainMakesEveryWriteLookAtOnce() {
        viewVersion.set(0);
        CompletableFuture<Boolean> answer = CompletableFuture.supplyAsync(() -> waiting(LONG, LONG).awaitVersion(customer, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> waiters.waiting() == 1);
        viewVersion.set(1);

        waiters.lookAgain();

        assertThat(answer).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(true);
    }

    @Test
    void aViewThatStaysBehindEndsTheWaitAtTheTimeout() {
        viewVersion.set(4);

        assertThat(waiting(Duration.ofMillis(300), Duration.ofMillis(100)).awaitVersion(customer, 5)).isFalse();
        assertThat(waiters.waiting()).isZero();
    }

    @Test
    void manyWritesForOneCustomerAreEachWokenByTheNoticeOfTheirVersion() {
        viewVersion.set(0);
        ReadYourWrites readYourWrites = waiting(LONG, LONG);
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> readYourWrites.awaitVersion(customer, 2));
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> readYourWrites.awaitVersion(customer, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> waiters.waiting() == 2);

        waiters.reached(new CustomerViewVersionNotice(customer, 1));
        assertThat(first).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(true);
        assertThat(second).isNotDone();
        waiters.reached(new CustomerViewVersionNotice(customer, 2));
        assertThat(second).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(true);
        assertThat(waiters.waiting()).isZero();
    }

    @Test
    void aPayloadThatIsNotANoticeIsNoNotice() {
        assertThat(CustomerViewVersionNotice.parse(null)).isEmpty();
        assertThat(CustomerViewVersionNotice.parse("not-a-uuid:3")).isEmpty();
        assertThat(CustomerViewVersionNotice.parse(customer.value() + ":three")).isEmpty();
        assertThat(CustomerViewVersionNotice.parse(customer.value())).isEmpty();
        assertThat(CustomerViewVersionNotice.parse(new CustomerViewVersionNotice(customer, 7).payload()))
                .contains(new CustomerViewVersionNotice(customer, 7));
    }

    private ReadYourWrites waiting(Duration timeout, Duration recheckInterval) {
        return new ReadYourWrites(id -> {
            readings.incrementAndGet();
            return viewVersion.get();
        }, waiters, new ConsistencySettings(timeout, recheckInterval, Duration.ofMillis(100), Duration.ofSeconds(5)));
    }
}
