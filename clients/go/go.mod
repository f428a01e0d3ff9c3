module github.com/cancelgateway/cancelgateway/clients/go

go 1.19
