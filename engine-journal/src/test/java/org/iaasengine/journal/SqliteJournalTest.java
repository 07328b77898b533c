package org.iaasengine.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.iaasengine.core.FailureCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteJournalTest extends JournalContract {
    @TempDir
    Path dir;
    private int files;
    private Path current;

    @Override
    SqlJournalBuilder fresh() {
        current = dir.resolve("journal-" + (++files) + ".db");
        return SqlJournal.sqlite(current);
    }

    @Override
    SqlJournalBuilder reopen() {
        return SqlJournal.sqlite(current);
    }

    @Override
    void corrupt(SqlJournal journal, String actionId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + current);
                PreparedStatement ps = c.prepareStatement("UPDATE journal_record SET value_json = ?"
                        + " WHERE action_id = ? AND kind = 'SUCCEEDED' AND seq = 2")) {
            ps.setString(1, "{\"thing\":\"disk:other\",\"path\":\"file:///var/tmp/disk:other\"}");
            ps.setString(2, actionId);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsReportedNamingIt() throws Exception {
        Path bad = dir.resolve("not-a-journal.db");
        Files.write(bad, "this is not an SQLite database, just some text long enough to be read as a header page"
                .repeat(100).getBytes());
        assertThatThrownBy(() -> SqlJournal.sqlite(bad).open()).isInstanceOf(JournalException.class)
                .hasMessageContaining(bad.toString()).hasMessageContaining("corrupt or torn, or not a journal")
                .satisfies(e -> assertThat(((JournalException) e).category()).isEqualTo(FailureCategory.INTERNAL));
    }

    @Test
    void aJournalFileTornInItsPagesIsReportedNamingIt() throws Exception {
        Path file = dir.resolve("torn.db");
        try (SqlJournal j = SqlJournal.sqlite(file).open()) {
            for (int i = 0; i < 200; i++) {
                j.actionStarted("a" + i, "create", "vm:v" + i, null);
                j.stepStarted("a" + i, 0, "Make", 1);
            }
        }
        // Overwrite the middle of the file (past the header page) with zeros: pages torn.
        long size = Files.size(file);
        try (var ch = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
            ch.position(4096 + 100);
            ch.write(java.nio.ByteBuffer.wrap(new byte[(int) Math.min(16_384, size - 4200)]));
        }
        assertThatThrownBy(() -> SqlJournal.sqlite(file).open()).isInstanceOf(JournalException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("corrupt");
    }
}
