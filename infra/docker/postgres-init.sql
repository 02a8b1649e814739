-- One database per service on one server (each service owns its own; none reads another's).
CREATE DATABASE balance;
CREATE DATABASE product;
CREATE DATABASE coupon;
CREATE DATABASE orders;
CREATE DATABASE ranking;
