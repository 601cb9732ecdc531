package io.backstop.engine.mysql;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A dump restored for verification brings its events along disabled, so they cannot run on the live server. */
class EventsDisabledTest {
    static String filtered(String dump) throws Exception {
        try (EventsDisabled in = new EventsDisabled(new ByteArrayInputStream(dump.getBytes(StandardCharsets.UTF_8)))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void enabledEventsAreRestoredDisabledAndNothingElseChanges() throws Exception {
        String event = "/*!50106 CREATE*/ /*!50117 DEFINER=`root`@`localhost`*/ /*!50106 EVENT `tick` ON SCHEDULE EVERY 1 SECOND"
                + " STARTS '2026-11-23 12:00:00' ON COMPLETION NOT PRESERVE ENABLE DO INSERT INTO log VALUES (NOW()) */ ;;\n";
        String other = "INSERT INTO `t` VALUES (1,'ON COMPLETION NOT PRESERVE ENABLE DO ');\n-- Dump completed\n";
        assertEquals(event.replace("PRESERVE ENABLE DO", "PRESERVE DISABLE DO") + other, filtered(event + other));
        String preserved = event.replace("NOT PRESERVE", "PRESERVE");
        assertEquals(preserved.replace("PRESERVE ENABLE DO", "PRESERVE DISABLE DO"), filtered(preserved));
        assertEquals("no newline at the end", filtered("no newline at the end"));
    }
}
