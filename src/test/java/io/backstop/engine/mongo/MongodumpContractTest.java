package io.backstop.engine.mongo;

import io.backstop.support.MongoDatabaseTools;

import java.nio.file.Path;
import java.util.Map;

/**
 * The engine contract in mongodump mode: the real MongoDB Database Tools against the same stand-in server. The failed
 * dump is a mongodump that exits 1 (a stand-in script): the real one, pointed at a server that is down, does not exit
 * for minutes, not even on SIGTERM.
 */
class MongodumpContractTest extends MongoContractTest {
    @Override
    protected Map<String, Object> config(Path backupDir) {
        Map<String, Object> config = new java.util.HashMap<>(super.config(backupDir));
        config.put("backstop.targets." + TARGET + ".connection.mode", "mongodump");
        config.put("backstop.targets." + TARGET + ".connection.tools-dir", MongoDatabaseTools.dir().toString());
        return config;
    }

    @Override
    protected void breakDump(Map<String, Object> config) throws Exception {
        Path tools = java.nio.file.Files.createDirectories(tmp.resolve("failing-tools"));
        Path mongodump = tools.resolve("mongodump");
        java.nio.file.Files.writeString(mongodump, "#!/bin/sh\necho 'Failed: error connecting to db server: no reachable servers' >&2\nexit 1\n");
        mongodump.toFile().setExecutable(true);
        java.nio.file.Files.createSymbolicLink(tools.resolve("mongorestore"), MongoDatabaseTools.dir().resolve("mongorestore"));
        config.put("backstop.targets." + TARGET + ".connection.tools-dir", tools.toString());
    }
}
