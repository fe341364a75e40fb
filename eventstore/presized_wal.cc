#include "eventstore/presized_wal.h"

#include "rocksdb/file_system.h"

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

std::unique_ptr<rocksdb::Env> NewPresizedWalEnv() {
  return rocksdb::NewCompositeEnv(
      std::make_shared<PresizedWalFileSystem>(rocksdb::FileSystem::Default()));
}

}  // namespace caseledger::eventstore
