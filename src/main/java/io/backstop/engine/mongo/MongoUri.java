package io.backstop.engine.mongo;

/** Connection strings in messages: the password is always masked. */
final class MongoUri {
    private MongoUri() {
    }

    /** {@code mongodb://user:secret@host} becomes {@code mongodb://user:***@host}. */
    static String masked(String uri) {
        if (uri == null) {
            return "";
        }
        return uri.replaceAll("(mongodb(?:\\+srv)?://[^:/@]*):[^@/]*@", "$1:***@");
    }

    /** Removes the connection string, password included, wherever a driver message repeats it. */
    static String scrub(String message, String uri) {
        return message == null || uri == null || uri.isEmpty() ? message : message.replace(uri, masked(uri));
    }
}
