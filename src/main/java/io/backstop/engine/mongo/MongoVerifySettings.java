package io.backstop.engine.mongo;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/** {@code VERIFY_MONGO_URI}: the server that gets a full verification's scratch databases; blank for the target's own. */
@ConfigurationProperties("backstop.verify.mongo")
record MongoVerifySettings(@Nullable String uri) {
    String uriOrBlank() {
        return uri == null ? "" : uri.trim();
    }
}
