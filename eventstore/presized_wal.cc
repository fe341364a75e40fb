#include "eventstore/presized_wal.h"

#include <utility>

namespace caseledger::eventstore {
namespace {

class PresizedWalFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  using FileSystemWrapper::FileSystemWrapper;

  const char* Name() const override { return "PresizedWalFileSystem"; }

  rocksdb::FileOptions OptimizeForLogWrite(const rocksdb::FileOptions& file_options,
                                           const rocksdb::DBOptions& db_options) const override {
    rocksdb::FileOptions log = target()->OptimizeForLogWrite(file_options, db_options);
    log.fallocate_with_keep_size = false;
    return log;
  }
};

}  // namespace

std::shared_ptr<rocksdb::FileSystem> NewPresizedWalFileSystem(
    std::shared_ptr<rocksdb::FileSystem> base) {
  return std::make_shared<PresizedWalFileSystem>(std::move(base));
}

}  // namespace caseledger::eventstore
