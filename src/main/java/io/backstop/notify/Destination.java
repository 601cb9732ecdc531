package io.backstop.notify;

/** One place a notification goes. */
interface Destination {
    void send(Notification notification) throws Exception;

    /** For logs: the kind and the address with every secret part masked. */
    String describe();
}
