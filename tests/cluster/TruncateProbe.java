// What Apache ZooKeeper's own FileTxnLog.truncate keeps, for the model's TRUNC (Peer::on_trunc):
// writes txns <1,1> .. <1,N> to a fresh log directory with ZooKeeper's FileTxnLog, truncates to
// the given zxid and prints the zxids left, or the IOException truncate throws.
//   java -cp <zookeeper jars>:. TruncateProbe <count> <zxid, hex>
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.server.persistence.FileTxnLog;
import org.apache.zookeeper.server.persistence.TxnLog;
import org.apache.zookeeper.server.util.ZxidUtils;
import org.apache.zookeeper.txn.CreateTxn;
import org.apache.zookeeper.txn.TxnHeader;

public class TruncateProbe {
  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(args[0]);
    long target = Long.parseLong(args[1], 16);
    File dir = Files.createTempDirectory("zabcheck-truncate-probe").toFile();
    try {
      FileTxnLog log = new FileTxnLog(dir);
      for (int c = 1; c <= count; c++) {
        long zxid = ZxidUtils.makeZxid(1, c);
        TxnHeader hdr = new TxnHeader(1, c, zxid, 0, ZooDefs.OpCode.create);
        log.append(hdr, new CreateTxn("/n" + c, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, false, c));
      }
      log.commit();
      log.close();
      try {
        new FileTxnLog(dir).truncate(target);
      } catch (IOException e) {
        System.out.println("truncate 0x" + Long.toHexString(target) + ": IOException");
        return;
      }
      StringBuilder kept = new StringBuilder();
      TxnLog.TxnIterator it = new FileTxnLog(dir).read(0);
      while (it.getHeader() != null) {
        kept.append(" 0x").append(Long.toHexString(it.getHeader().getZxid()));
        if (!it.next()) break;
      }
      it.close();
      System.out.println("truncate 0x" + Long.toHexString(target) + ": kept" + kept);
    } finally {
      for (File f : dir.listFiles()) {
        if (f.isDirectory()) {
          for (File g : f.listFiles()) g.delete();
        }
        f.delete();
      }
      dir.delete();
    }
  }
}
